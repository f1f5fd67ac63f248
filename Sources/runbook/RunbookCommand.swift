import ArgumentParser

/// The `runbook` command: follow, record, export and lint Markdown runbooks.
@main
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Follow Markdown runbooks step by step, record what happened, and lint them.",
        discussion: """
            A runbook is a Markdown file: YAML front matter (variables, prerequisites, validation,
            rollback) plus fenced shell blocks and task lists. See docs/format.md.

            Examples:
              runbook show runbooks/examples/backup-drill.md
              runbook show --json runbooks/examples/backup-drill.md
            """,
        version: RunbookVersion.current,
        subcommands: [ShowCommand.self, LintCommand.self]
    )
}
