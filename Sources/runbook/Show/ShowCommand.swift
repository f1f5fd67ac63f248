import ArgumentParser
import Foundation
import RunbookKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a runbook's checklist before you start.",
        discussion: """
            Shows each runbook as an operator wants it before starting: title, category and \
            priority, variables, prerequisites, the numbered steps grouped by section (with \
            marks for confirmations, destructive steps and expected output), then validation \
            and rollback. Problems found while reading go to stderr as file:line:col messages.

            Directories are searched for *.md files; files found that way without front matter \
            and without steps (a README, say) are left out unless --all is given.

            --quick prints the emergency view instead: the variables' values first as \
            `export NAME='value'` lines, each saying where it came from (--var, the environment, \
            the default), then only the commands, verbatim and in order, with `cwd` as a run \
            expands it and confirmations spelled out; everything else is a shell comment, so it \
            can be pasted.

            --json prints the parsed model instead (schema in docs/show-json.md).

            Exit status: 0 when every file was read, 1 when a file has error diagnostics, \
            2 when a file cannot be read or the command line is wrong.

            Examples:
              runbook show runbooks/examples/backup-drill.md
              runbook show --quick --var POOL=tank runbooks/homelab/zfs-snapshot-backup.md
              runbook show --json runbooks/homelab | jq '.runbooks[].title'
              git ls-files '*.md' | runbook show --files-from - --json
            """
    ).runbookSubcommand()

    @Argument(help: "Runbook files, or directories to search for *.md runbooks.")
    var paths: [String] = []

    @Option(
        name: .customLong("files-from"),
        help: ArgumentHelp(
            "Read more paths from FILE, one per line ('-' for standard input).", valueName: "FILE"))
    var filesFrom: String?

    @Flag(help: "With directories, also show Markdown files that have no front matter and no steps.")
    var all = false

    @Flag(help: "Print the parsed model as JSON (see docs/show-json.md).")
    var json = false

    @Flag(help: "Print only the commands, ready to copy, with variables resolved and confirmations spelled out.")
    var quick = false

    @OptionGroup var variables: VariableOptions

    func validate() throws {
        if json && quick { throw ValidationError("Choose one of --json and --quick.") }
        if paths.isEmpty && filesFrom == nil {
            throw ValidationError(
                "Name at least one runbook file or directory, for example runbooks/examples/backup-drill.md.")
        }
    }

    /// What one file contributes to the output, prepared on a worker thread.
    private struct Rendered: Sendable {
        var output: [UInt8] = []
        var errors = ""
        var hasErrors = false
        var unreadable = false
        var skipped = false
    }

    func run() throws {
        let errorStyle = TextStyle.forDescriptor(STDERR_FILENO)
        let found = MarkdownFileFinder.files(in: paths + (try PathList.read(filesFrom)))
        let output = BufferedOutput()
        let view: View =
            json ? .json : quick ? .quick(try variables.values()) : .checklist(TextStyle.forDescriptor(STDOUT_FILENO))
        let asJSON = json, showAll = all
        var sawErrors = false, unreadable = false, first = true
        if asJSON { output.write("{\"runbooks\":[") }
        OrderedParallelMap.run(found) { file in
            ShowCommand.render(file, view: view, showAll: showAll, errorStyle: errorStyle)
        } consume: { rendered in
            if !rendered.errors.isEmpty {
                output.flush()
                StandardError.writeRaw(rendered.errors)
            }
            sawErrors = sawErrors || rendered.hasErrors
            unreadable = unreadable || rendered.unreadable
            guard !rendered.skipped, !rendered.unreadable else { return }
            if !first { output.write(asJSON ? "," : "\n") }
            output.write(rendered.output)
            first = false
        }
        if asJSON { output.write("],\"schemaVersion\":1}\n") }
        output.flush()
        if unreadable { throw ExitCode(2) }
        if sawErrors { throw ExitCode(1) }
    }

    /// How each runbook is printed.
    private enum View: Sendable {
        case checklist(TextStyle)
        case quick([String: String])
        case json
    }

    private static func render(_ file: MarkdownFileFinder.Found, view: View, showAll: Bool, errorStyle: TextStyle)
        -> Rendered
    {
        var rendered = Rendered()
        let runbook: Runbook
        do {
            runbook = try RunbookParser().parse(contentsOf: file.path)
        } catch {
            rendered.errors = errorStyle.red("error: ") + "\(error)\n"
            rendered.unreadable = true
            return rendered
        }
        rendered.errors = DiagnosticText.render(runbook.diagnostics, style: errorStyle)
        rendered.hasErrors = runbook.hasErrors
        // A file that could not be read as text has no checklist worth printing.
        let unreadable = runbook.diagnostics.contains { $0.code == "binary-file" || $0.code == "not-utf8" }
        if unreadable || (!file.wasNamed && !showAll && !runbook.looksLikeRunbook) {
            rendered.skipped = true
            return rendered
        }
        switch view {
        case .json:
            var writer = JSONWriter(capacity: runbook.lineCount * 64)
            runbook.writeJSON(to: &writer)
            rendered.output = writer.take()
        case .checklist(let style):
            rendered.output = Array(
                ChecklistRenderer(style: style, width: TerminalSize.width(of: STDOUT_FILENO)).render(runbook).utf8)
        case .quick(let options):
            let resolver = VariableResolver(
                declared: runbook.variables, options: options, environment: ProcessInfo.processInfo.environment)
            rendered.output = Array(QuickReferenceRenderer(variables: resolver.preview()).render(runbook).utf8)
        }
        return rendered
    }
}
