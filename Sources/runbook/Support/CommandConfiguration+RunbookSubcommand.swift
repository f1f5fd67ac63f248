import ArgumentParser

extension CommandConfiguration {
    /// This configuration for a subcommand of `runbook`, so that parsed on its own
    /// (`DirectSubcommand`) it still calls itself `runbook NAME` in usage, help and errors.
    /// ArgumentParser reads the name only when the command is the root of what it parses.
    func runbookSubcommand() -> CommandConfiguration {
        var configuration = self
        configuration._superCommandName = RunbookCommand.configuration.commandName
        return configuration
    }
}
