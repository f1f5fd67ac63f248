import ArgumentParser
import Foundation

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
              runbook history
              runbook export 01jb3k --format md -o handoff.md
            """,
        version: RunbookVersion.current,
        subcommands: [ShowCommand.self, LintCommand.self, RunCommand.self, ResumeCommand.self, HistoryCommand.self, LogCommand.self, ExportCommand.self, ImportCommand.self, LessonsCommand.self, StatsCommand.self, AmendCommand.self]
    )

    /// Runs the command, exiting 2 on usage errors (ArgumentParser's default is 64) so scripts
    /// and CI see one code for "you called it wrong": 0 fine, 1 findings, 2 usage or I/O.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
