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

            Exit status: 0 done, 1 a step, check or validation failed (or the records could not \
            be read or written), 2 called wrong (usage, a missing file or run, a runbook with \
            problems; nothing was run), 3 paused or interrupted (`runbook resume` continues).
            """,
        version: RunbookVersion.current,
        subcommands: [
            RunCommand.self, ResumeCommand.self, RollbackCommand.self, ShowCommand.self, ListCommand.self,
            LintCommand.self,
            HistoryCommand.self, LogCommand.self, ExportCommand.self, ImportCommand.self, PushCommand.self,
            LessonsCommand.self, StatsCommand.self, AmendCommand.self, VerifyCommand.self, TestCommand.self,
            BinderCommand.self, RevisionsCommand.self, ScheduleCommand.self,
        ]
    )

    /// Runs the command; every error it throws ends here, as a sentence on standard error and
    /// the status `ExitMapping` gives it. Usage errors exit 2 (ArgumentParser's default is 64)
    /// so scripts and CI see one code for "you called it wrong".
    static func main() {
        do {
            var command = try DirectSubcommand.parse(Array(CommandLine.arguments.dropFirst()))
            try command.run()
        } catch {
            if let failure = ExitMapping.failure(for: error) {
                StandardError.write(failure.message)
                exit(withError: failure.status)
            }
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
