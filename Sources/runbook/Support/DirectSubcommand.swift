import ArgumentParser

/// Parses the command line, by the subcommand it names where that gives the same command.
///
/// Parsing from the root, ArgumentParser first tries the arguments as a request for a shell
/// completion script, building two more commands by reflection, which every invocation paid
/// though almost none asks for a script (Benchmarks/README.md has the cost). A subcommand
/// parsed on its own skips that when its configuration names `runbook` as the command it
/// belongs to (`runbookSubcommand()`).
/// Only arguments that parse go that way: anything the root answers (`help`, `--help`,
/// `--version`, completion scripts) and every usage error are parsed from the root, so help
/// and error messages stay word for word what they were.
enum DirectSubcommand {
    /// The command `arguments` (without the program's name) ask for.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if let parser = parser(for: arguments), let command = try? parser.parseAsRoot(Array(arguments.dropFirst())) {
            return command
        }
        return try RunbookCommand.parseAsRoot(arguments)
    }

    /// The subcommand to parse `arguments` (without the program's name) with, when the first
    /// argument names one and nothing asks for what only the root answers.
    private static func parser(for arguments: [String]) -> (any ParsableCommand.Type)? {
        guard let name = arguments.first else { return nil }
        guard
            !arguments.contains(where: { argument in
                rootOnly.contains(argument) || argument.hasPrefix("--generate-completion-script")
            })
        else { return nil }
        return RunbookCommand.configuration.subcommands.first { $0.configuration.commandName == name }
    }

    /// Arguments ArgumentParser answers from the root of the tree.
    private static let rootOnly: Set<String> = ["--help", "-h", "--version", "--experimental-dump-help", "help"]
}
