import ArgumentParser
import Foundation
import RunbookKit

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a paused, interrupted or killed run at the first step not done.",
        discussion: """
            Without RUN, picks the most recent run that is unfinished (running, paused or \
            interrupted). The run's stored variables are used again; secret values are never \
            stored, so give them again with --var or the environment. If the runbook changed \
            since the run started, the changed steps are listed before anything runs.

            Examples:
              runbook resume                 # on a terminal: walk through what is left
              runbook resume --auto
              runbook resume 01jb3k --auto --yes
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String?

    @OptionGroup var driverOptions: DriverOptions
    @OptionGroup var variableOptions: VariableOptions
    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try recordsOptions.open()
            let plan = try ResumePlan(try ResumePlan.findRun(runReference, in: store), in: store)
            return try ResumeCommand.continueRun(plan, store: store, driverOptions: driverOptions, rollbackOnly: false)
            {
                try GivenVariables(variableOptions, runCommands: !driverOptions.dryRun)
            }
        }
    }

    /// Continues the run `plan` was made for: what is left of it, or (`rollbackOnly`,
    /// `runbook rollback`) its rollback alone. Both record into the run's own event log.
    /// - Parameter given: the values given on the command line, read once the plan is said.
    static func continueRun(
        _ plan: ResumePlan, store: RecordStore, driverOptions: DriverOptions, rollbackOnly: Bool,
        given: () throws -> GivenVariables
    ) throws -> ExitCode {
        let record = plan.record, state = plan.state
        var current = plan.current
        try driverOptions.applyInventory(to: &current)
        if plan.followsStoredRevision {
            StandardError.write(
                "runbook: \(record.path) is gone; following the stored revision \(plan.followed.hash.prefix(12)).")
        }
        if plan.runbookChanged {
            StandardError.write("runbook: \(record.path) changed since run \(record.id) started.")
            for change in plan.changes { StandardError.write("  \(change.kind.rawValue): \(change.stepID)") }
            if plan.changes.isEmpty { StandardError.write("  (no step changed)") }
        }
        var options = try RunSetup.engineOptions(driverOptions, startStep: nil)
        options.rollbackOnly = rollbackOnly
        let variablesGiven = try given()
        var resolver = VariableResolver(
            declared: current.runbook.variables, options: variablesGiven.values, stored: record.variables,
            environment: options.processEnvironment)
        resolver.secretOptions = variablesGiven.secrets
        if driverOptions.dryRun {
            let variables = try RunSetup.resolve(resolver)
            let plan = try DryRunPlanner.plan(
                current.runbook, variables: variables, options: options,
                done: plan.doneSteps(rollbackOnly: rollbackOnly))
            FileHandle.standardOutput.write(
                Data(SafeOutput.text(PlanRenderer.render(plan, title: current.runbook.title), for: STDOUT_FILENO)))
            return RunExit.completed
        }
        let (driver, observer, terminal) = try driverOptions.makeDriver(
            runbook: current.runbook, recordsPath: store.path)
        defer { terminal?.close() }
        terminal?.showResuming(record, state: state, changes: plan.changes)
        let heldElsewhere = (try? store.lease(on: record.id))??.isLive == true
        if terminal == nil, !heldElsewhere, let attempt = state.attemptInProgress ?? state.abandonedAttempt {
            for line in InterruptedAttemptText.lines(attempt) { StandardError.write("runbook: " + line) }
        }
        if let terminal { options.terminal = terminal.terminalSpec() }
        let variables = try RunSetup.resolve(resolver, driver: driver)
        let outcome = try Engine.resume(
            runID: record.id, runbook: current.runbook, text: current.text, changes: plan.changes, store: store,
            variables: variables, driver: driver, observer: observer, options: options
        ).run()
        return RunExit.status(of: outcome.status)
    }
}
