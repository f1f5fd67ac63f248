import ArgumentParser
import Foundation
import RunbookKit

struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Run the rollback section for a stored run, recorded in that run.",
        discussion: """
            For a run that failed, was aborted, paused, or completed and turned out wrong: runs \
            the runbook's rollback steps that undo what the run completed (latest first; see \
            docs/execution.md, "Rollback"), as events of the same run, which ends rolled-back \
            (or failed, when a rollback step fails). A run already rolled back is refused. On a \
            terminal each rollback step is shown and asked for; with --auto they run unattended \
            (destructive ones only with --allow-destructive or --yes).

            Examples:
              runbook rollback 01jb3k
              runbook rollback 01jb3k --auto --allow-destructive
              runbook rollback 01jb3k --dry-run
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String

    @OptionGroup var driverOptions: DriverOptions
    @OptionGroup var variableOptions: VariableOptions
    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try recordsOptions.open()
            let plan = try ResumePlan(try store.run(matching: runReference), in: store, rollbackOnly: true)
            return try ResumeCommand.continueRun(plan, store: store, driverOptions: driverOptions, rollbackOnly: true) {
                try GivenVariables(variableOptions, runCommands: !driverOptions.dryRun)
            }
        }
    }
}
