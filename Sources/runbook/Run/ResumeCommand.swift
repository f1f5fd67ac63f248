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
            """)

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String?

    @OptionGroup var driverOptions: DriverOptions
    @OptionGroup var variableOptions: VariableOptions
    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try reportingFailures {
            let store = try recordsOptions.open()
            return try ResumeCommand.continueRun(
                try findRun(store), store: store, driverOptions: driverOptions, variableOptions: variableOptions,
                rollbackOnly: false)
        }
    }

    /// Continues `record`: what is left of it, or (`rollbackOnly`, `runbook rollback`) its
    /// rollback alone. Both record into the run's own event log.
    static func continueRun(
        _ record: RunRecord, store: RecordStore, driverOptions: DriverOptions, variableOptions: VariableOptions,
        rollbackOnly: Bool
    ) throws -> ExitCode {
        let state = try RecordsAccess.call { () throws(RecordStoreError) in try store.state(of: record.id) }
        guard
            let followed = try RecordsAccess.call({ () throws(RecordStoreError) in
                try store.revision(hash: state.revisionHash)
            })
        else {
            throw CommandFailure(
                message: "the revision \(state.revisionHash.prefix(12)) of run \(record.id) is not in the records.",
                exitCode: RunExit.failed)
        }
        let previous = LoadedRunbook(bytes: Array(followed.text.utf8), path: record.path)
        let current: LoadedRunbook
        if FileManager.default.fileExists(atPath: record.path) {
            current = try LoadedRunbook(path: record.path)
        } else if !followed.isRedacted {
            printError("runbook: \(record.path) is gone; following the stored revision \(followed.hash.prefix(12)).")
            current = previous
            try current.checkErrors()
        } else {
            throw CommandFailure(
                message: "\(record.path) is gone and its stored revision is redacted; restore the file to resume.",
                exitCode: RunExit.failed)
        }
        let changes =
            current.runbook.contentHash == state.revisionHash
            ? [] : RunbookChanges.between(previous.runbook, current.runbook)
        if current.runbook.contentHash != state.revisionHash {
            printError("runbook: \(record.path) changed since run \(record.id) started.")
            for change in changes { printError("  \(change.kind.rawValue): \(change.stepID)") }
            if changes.isEmpty { printError("  (no step changed)") }
        }

        if rollbackOnly, current.runbook.rollback.isEmpty {
            throw CommandFailure(
                message:
                    "\(record.path) has no rollback section, so there is nothing to roll back run \(record.id) with; nothing was run.",
                exitCode: RunExit.usage)
        }
        var options = try RunSetup.engineOptions(driverOptions, startStep: nil)
        options.rollbackOnly = rollbackOnly
        var resolver = VariableResolver(
            declared: current.runbook.variables, options: try variableOptions.values(), stored: record.variables,
            environment: options.processEnvironment)
        resolver.secretOptions = try variableOptions.secretValues(runCommands: !driverOptions.dryRun)
        if driverOptions.dryRun {
            let variables = try RunSetup.resolve(resolver)
            let done =
                rollbackOnly
                ? Set(current.runbook.allSteps.filter { $0.phase != .rollback }.map(\.id))
                : Set(state.steps.values.filter(\.isDone).map(\.id))
            let plan = try RunSetup.engine { () throws(EngineError) in
                try DryRunPlanner.plan(current.runbook, variables: variables, options: options, done: done)
            }
            FileHandle.standardOutput.write(
                Data(SafeOutput.text(PlanRenderer.render(plan, title: current.runbook.title), for: STDOUT_FILENO)))
            return RunExit.completed
        }
        let (driver, observer, terminal) = try driverOptions.makeDriver(
            runbook: current.runbook, recordsPath: store.path)
        defer { terminal?.close() }
        terminal?.showResuming(record, state: state, changes: changes)
        let heldElsewhere = (try? store.lease(on: record.id))??.isLive == true
        if terminal == nil, !heldElsewhere, let attempt = state.attemptInProgress ?? state.abandonedAttempt {
            for line in InterruptedAttemptText.lines(attempt) { printError("runbook: " + line) }
        }
        if let terminal { options.terminal = terminal.terminalSpec() }
        let variables = try RunSetup.resolve(resolver, driver: driver)
        let outcome = try RunSetup.engine { () throws(EngineError) in
            try Engine.resume(
                runID: record.id, runbook: current.runbook, text: current.text, changes: changes, store: store,
                variables: variables, driver: driver, observer: observer, options: options
            ).run()
        }
        return RunSetup.exitCode(for: outcome.status)
    }

    private func findRun(_ store: RecordStore) throws -> RunRecord {
        if let runReference {
            return try RecordsAccess.call { () throws(RecordStoreError) in try store.run(matching: runReference) }
        }
        guard
            let latest = try RecordsAccess.call({ () throws(RecordStoreError) in try UnfinishedRun(in: store).latest() }
            )
        else {
            throw CommandFailure(message: "no unfinished run to resume in \(store.path).", exitCode: RunExit.usage)
        }
        return latest
    }
}
