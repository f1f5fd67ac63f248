import ArgumentParser
import Foundation

/// The `runbook` command: follow, record, export and lint Markdown runbooks.
@main
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Follow Markdown runbooks step by step, record what happened, and lint them.",
        discussion: """
            A runbook is a Markdown file: YAML front matter (variables, prerequisites, \
            validation, rollback) plus fenced shell blocks and task lists; docs/format.md \
            is the specification. Every command has --help with examples.

            Examples:
              runbook list                  # the catalog, most critical first
              runbook show FILE             # the checklist before you start
              runbook run --dry-run FILE    # the plan; runs and records nothing
              runbook run FILE              # on a terminal: step by step, you decide
              runbook run --auto --yes FILE # everything, unattended
              runbook resume                # continue the latest unfinished run
              runbook history               # past runs, newest first
              runbook export RUN -o run.md  # the handoff document (md, html, json)
              runbook lint runbooks/        # check the promises, for CI
              runbook test runbooks/        # run them unattended in scratch directories, as tests
              runbook binder -o binder.html # every runbook in one printable file, for offline use
            """,
        version: RunbookVersion.current,
        subcommands: [
            RunCommand.self, ResumeCommand.self, RollbackCommand.self, ShowCommand.self, ListCommand.self,
            LintCommand.self,
            HistoryCommand.self, LogCommand.self, ExportCommand.self, ImportCommand.self,
            LessonsCommand.self, StatsCommand.self, AmendCommand.self, VerifyCommand.self, TestCommand.self,
            BinderCommand.self, RevisionsCommand.self, ScheduleCommand.self,
        ]
    )

    /// Runs the command, exiting 2 on usage errors (ArgumentParser's default is 64) so scripts
    /// and CI see one code for "you called it wrong": 0 fine, 1 findings, 2 usage or I/O.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            printError("runbook: " + failure.message)
            exit(withError: failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(
                    Data(SafeOutput.text(fullMessage(for: error) + "\n", for: STDERR_FILENO)))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }
}
