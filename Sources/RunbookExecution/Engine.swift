import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// How a run (or the part of it this process ran) ended.
public struct RunOutcome: Sendable {
    public var runID: String
    public var status: RunStatus
    /// The fold of the run's whole event log.
    public var state: RunState
}

/// Runs a runbook: a state machine over the checklist (prerequisites → steps → validation,
/// rollback on request) that asks its `Driver` at every decision, records every fact before
/// moving on, and never touches a terminal.
///
/// Start a run with `start`, continue a stored one with `resume`, then call `run()`.
public final class Engine {
    let runbook: Runbook
    let driver: any Driver
    /// Sees the run: `parallel=N` fan-outs hand it their hosts' output from the engine's thread.
    let observer: (any RunObserver)?
    let options: EngineOptions
    let variables: ResolvedVariables
    let redactor: Redactor
    let recorder: RunRecorder
    let executor: StepExecutor
    var session: SessionState
    /// This process, as the run's lease names it while it runs the run.
    private let holder: RunnerIdentity
    private let temporaryDirectory: String
    let checklist: [Step]

    private init(
        runbook: Runbook, driver: any Driver, observer: (any RunObserver)?, options: EngineOptions,
        variables: ResolvedVariables, recorder: RunRecorder, session: SessionState, holder: RunnerIdentity,
        temporaryDirectory: String
    ) {
        self.holder = holder
        self.runbook = runbook
        self.driver = driver
        self.observer = observer
        self.options = options
        self.variables = variables
        redactor = variables.redactor
        self.recorder = recorder
        self.session = session
        self.temporaryDirectory = temporaryDirectory
        checklist = runbook.prerequisites + runbook.steps + runbook.validation
        let remotes = RemoteSessions(
            inventory: runbook.hosts ?? HostInventory(),
            baseline: Engine.baseline(runbook, values: variables.values, processEnvironment: [:]),
            environment: options.processEnvironment, directory: temporaryDirectory, batchMode: options.mode == .auto,
            semantics: runbook.semantics)
        executor = StepExecutor(
            shell: ShellLocator.locate(runbook.shell, path: session.environment["PATH"]), semantics: runbook.semantics,
            options: options, redactor: variables.redactor, secretNames: variables.secretNames,
            observer: observer, stateFile: temporaryDirectory + "/session", remotes: remotes)
    }

    deinit {
        releaseLease()
        executor.hangUpLingeringGroups()
        executor.remotes.shutDown()
        try? FileManager.default.removeItem(atPath: temporaryDirectory)
    }

    /// The run's id.
    public var runID: String { recorder.runID }

    /// The run's state so far.
    public var state: RunState { recorder.state }

    // MARK: Starting and resuming

    /// Records a new run of `runbook` (its revision, the run row and `run-started`).
    ///
    /// - Parameter text: the file's text, stored as the revision the run follows.
    public static func start(
        runbook: Runbook, text: String, store: RecordStore, variables: ResolvedVariables,
        driver: any Driver, observer: (any RunObserver)? = nil, options: EngineOptions
    ) throws(EngineError) -> Engine {
        if let start = options.startStep,
            !(runbook.prerequisites + runbook.steps + runbook.validation).contains(where: { $0.isNamed(start) })
        {
            throw .unknownStep(start)
        }
        if let unmatched = options.selection.unmatched(in: runbook.prerequisites + runbook.steps + runbook.validation) {
            throw .nothingSelected(unmatched)
        }
        let variables = variables.addingSecrets(fromDotEnv: dotEnv(runbook, options: options))
        let redactor = variables.redactor
        let session = SessionState(
            workingDirectory: initialDirectory(runbook, options: options),
            environment: baseline(runbook, variables: variables, options: options))
        let record = RunRecord(
            revisionHash: runbook.contentHash, runbookID: runbook.id, path: runbook.path,
            operatorName: options.operatorName, host: options.host, mode: options.mode,
            variables: variables.publicValues, secretNames: variables.secretNames.sorted(),
            toolVersion: options.toolVersion)
        let started = RunStartedPayload(
            revisionHash: runbook.contentHash, runbookID: runbook.id, path: runbook.path, title: runbook.title,
            operatorName: options.operatorName, host: options.host, mode: options.mode,
            toolVersion: options.toolVersion,
            variables: variables.publicValues, secretNames: variables.secretNames.sorted(),
            startStep: options.startStep, preconfirmed: options.preconfirmed,
            allowDestructive: options.allowDestructive,
            session: session.snapshot(redactor: redactor, secretNames: variables.secretNames))
        let event: RunEvent
        let holder = RunnerIdentity.current(operatorName: options.operatorName)
        do {
            try store.store(revision(of: runbook, text: text, redactor: redactor))
            event = try store.begin(record, started: started, holder: holder)
        } catch {
            throw .records(error)
        }
        observer?.recorded(event)
        let recorder = RunRecorder(
            store: store, runID: record.id, state: RunState(folding: [event]), observer: observer,
            notifier: notifier(runbook, redactor: redactor, options: options))
        if !options.selection.isEmpty {
            // Recorded up front, so a resumed run does not run what was never selected.
            let checklist = runbook.prerequisites + runbook.steps + runbook.validation
            let unselected = checklist.filter { !options.selection.contains($0) }.map { step in
                NewEvent(
                    stepID: step.id,
                    .skipped(
                        SkippedPayload(
                            phase: step.phase, why: .excluded, reason: "not selected by --only or --tag")))
            }
            if !unselected.isEmpty { try recorder.record(unselected) }
        }
        let temporaryDirectory: String
        do {
            temporaryDirectory = try SessionDirectory.create(options)
        } catch {
            try? store.releaseLease(on: record.id, for: holder)
            throw error
        }
        return Engine(
            runbook: runbook, driver: driver, observer: observer, options: options, variables: variables,
            recorder: recorder, session: session, holder: holder, temporaryDirectory: temporaryDirectory)
    }

    /// Continues a stored run on `runbook` (the file as it is now, or the stored revision when
    /// the file is gone), recording `resumed` and, when the text changed, which steps did.
    ///
    /// - Parameter changes: `RunbookChanges.between(followed, runbook)`, computed by the caller
    ///   (who can parse the stored revision) and shown to the operator before calling this.
    public static func resume(
        runID: String, runbook: Runbook, text: String, changes: [StepChange], store: RecordStore,
        variables: ResolvedVariables, driver: any Driver, observer: (any RunObserver)? = nil, options: EngineOptions
    ) throws(EngineError) -> Engine {
        // The lease first, then the log: what this process reads is what nobody else appends to.
        let holder = RunnerIdentity.current(operatorName: options.operatorName)
        do {
            try store.acquireLease(on: runID, for: holder)
        } catch {
            throw .records(error)
        }
        do throws(EngineError) {
            return try resume(
                runID: runID, holder: holder, runbook: runbook, text: text, changes: changes, store: store,
                variables: variables, driver: driver, observer: observer, options: options)
        } catch {
            try? store.releaseLease(on: runID, for: holder)
            throw error
        }
    }

    private static func resume(
        runID: String, holder: RunnerIdentity, runbook: Runbook, text: String, changes: [StepChange],
        store: RecordStore,
        variables: ResolvedVariables, driver: any Driver, observer: (any RunObserver)?, options: EngineOptions
    ) throws(EngineError) -> Engine {
        let state: RunState
        let run: RunRecord?
        do {
            state = try store.state(of: runID)
            run = try store.run(id: runID)
        } catch {
            throw .records(error)
        }
        guard let run, state.lastSequence > 0 else {
            throw .notResumable(runID: runID, reason: "its event log is empty")
        }
        // A completed run can still be rolled back (`runbook rollback`): it may be what broke.
        guard state.status != .completed || options.rollbackOnly, state.status != .rolledBack else {
            throw .notResumable(runID: runID, reason: "it already ended \(state.status.rawValue)")
        }
        let variables = variables.addingSecrets(fromDotEnv: dotEnv(runbook, options: options))
        let redactor = variables.redactor
        let baseline = baseline(runbook, variables: variables, options: options)
        // A stored session (maybe imported) never brings back a variable that runs code by itself.
        let imported = run.importedAt != nil
        let session =
            state.session.map {
                SessionState(
                    restoring: SessionEnvironmentPolicy.applicable($0, imported: imported), baseline: baseline,
                    redactor: redactor)
            }
            ?? SessionState(workingDirectory: initialDirectory(runbook, options: options), environment: baseline)

        var events = [
            NewEvent(
                .resumed(
                    ResumedPayload(
                        operatorName: options.operatorName, host: options.host, mode: options.mode,
                        toolVersion: options.toolVersion,
                        revisionHash: runbook.contentHash, previousRevisionHash: state.revisionHash,
                        changedSteps: changes.map(\.stepID),
                        preconfirmed: options.preconfirmed, allowDestructive: options.allowDestructive)))
        ]
        if runbook.contentHash != state.revisionHash {
            let detail =
                changes.isEmpty
                ? "the runbook text changed; no step changed"
                : "the runbook changed since the run started: " + changes.map(\.description).joined(separator: ", ")
            events.append(NewEvent(.deviation(DeviationPayload(kind: .revisionChanged, detail: detail))))
        }
        let changedVariables = variables.publicValues.filter { run.variables[$0.key] != $0.value }.keys.sorted()
        if !changedVariables.isEmpty {
            events.append(
                NewEvent(
                    .deviation(
                        DeviationPayload(
                            kind: .variablesChanged,
                            detail: "resumed with new values for " + changedVariables.joined(separator: ", ")))))
        }
        do {
            try store.store(revision(of: runbook, text: text, redactor: redactor))
        } catch {
            throw .records(error)
        }
        let recorder = RunRecorder(
            store: store, runID: runID, state: state, observer: observer,
            notifier: notifier(runbook, redactor: redactor, options: options))
        try recorder.record(events)
        let engine = Engine(
            runbook: runbook, driver: driver, observer: observer, options: options, variables: variables,
            recorder: recorder, session: session, holder: holder,
            temporaryDirectory: try SessionDirectory.create(options))
        engine.executor.remotes.restore(
            state.hostSessions.mapValues { SessionEnvironmentPolicy.applicable($0, imported: imported) },
            redactor: redactor)
        return engine
    }

    // MARK: Running

    /// Runs until the run ends, pauses or is interrupted, then waits (bounded) for its
    /// notifications and records how each went.
    public func run() throws(EngineError) -> RunOutcome {
        defer {
            executor.hangUpLingeringGroups()
            executor.remotes.shutDown()
            releaseLease()
        }
        let outcome: RunOutcome
        do {
            outcome = try runSteps()
        } catch {
            try? recorder.finishNotifications(waitingAtMost: options.notificationWait)
            throw error
        }
        guard recorder.notifier != nil else { return outcome }
        try recorder.finishNotifications(waitingAtMost: options.notificationWait)
        return RunOutcome(runID: runID, status: outcome.status, state: recorder.state)
    }

    /// The `notify:` targets of the runbook and of the configuration file, when there are any.
    static func notifier(_ runbook: Runbook, redactor: Redactor, options: EngineOptions) -> NotificationDispatcher? {
        let targets = runbook.notify + options.notificationTargets
        guard options.notifies, !targets.isEmpty else { return nil }
        return NotificationDispatcher(
            targets: targets, redactor: redactor, environment: options.processEnvironment,
            policy: options.notificationPolicy)
    }

    private func runSteps() throws(EngineError) -> RunOutcome {
        if recorder.state.isRollingBack {
            return try finish(rollback(reason: nil))
        }
        if options.rollbackOnly {
            return try finish(rollback(reason: "runbook rollback, asked for after the run"))
        }
        let startIndex = options.startStep.flatMap { start in checklist.firstIndex { $0.isNamed(start) } }
        for (index, step) in checklist.enumerated() {
            if recorder.state.isDone(step.id) { continue }
            if step.isExcluded && !options.selection.contains(step) {
                try recorder.record(
                    NewEvent(
                        stepID: step.id,
                        .skipped(
                            SkippedPayload(
                                phase: step.phase, why: .excluded, reason: "excluded from running the whole runbook"))))
                continue
            }
            let missing = options.missing(for: step)
            if !missing.isEmpty {
                try recorder.record(
                    NewEvent(
                        stepID: step.id,
                        .skipped(
                            SkippedPayload(
                                phase: step.phase, why: .missingCapability,
                                reason:
                                    "requires \(missing.joined(separator: ", ")), which this run declared missing (--without)"
                            ))))
                continue
            }
            if let startIndex, index < startIndex, step.phase != .prerequisite, recorder.state.steps[step.id] == nil {
                try recorder.record(
                    NewEvent(
                        stepID: step.id,
                        .skipped(
                            SkippedPayload(
                                phase: step.phase, why: .beforeStart,
                                reason: "before --from \(checklist[startIndex].id)"))))
                continue
            }
            switch try perform(step, position: index + 1, total: checklist.count, isRollback: false) {
            case .next: continue
            case .rollback(let reason): return try finish(rollback(reason: reason))
            case .stop(let status, let reason, let signal):
                return try finish(.stop(status, reason: reason, signal: signal), at: step.id)
            }
        }
        return try finish(.stop(.completed, reason: nil, signal: nil))
    }

    /// What the loop does after a step.
    enum Flow {
        case next
        case rollback(reason: String)
        case stop(RunStatus, reason: String?, signal: Int32?)
    }

    /// Records how this stretch of the run ended and returns the outcome.
    /// - Parameter stepID: the step the run stopped at, when it stopped at one: a pause or an
    ///   interruption names it, so the record says where the run stood.
    private func finish(_ flow: Flow, at stepID: String? = nil) throws(EngineError) -> RunOutcome {
        guard case .stop(let status, let reason, let signal) = flow else {
            return RunOutcome(runID: runID, status: recorder.state.status, state: recorder.state)
        }
        switch status {
        case .paused:
            try recorder.record(NewEvent(stepID: stepID, .paused(TextPayload(text: reason ?? "paused"))))
        case .interrupted, .running:
            try recorder.record(
                NewEvent(
                    stepID: stepID,
                    .interrupted(InterruptedPayload(signal: signal.map(Int.init), reason: reason ?? "interrupted"))))
        case .completed, .failed, .aborted, .rolledBack:
            let summary = RunSummary(
                runID: runID, status: status, completedSteps: RunProgress(state: recorder.state, runbook: runbook).done,
                deviations: recorder.state.deviations.count)
            let lessons = driver.lessons(after: summary).filter { !$0.isEmpty }
            try recorder.record(
                lessons.map { NewEvent(.lesson(TextPayload(text: redactor.redact($0)))) }
                    + [NewEvent(.finished(FinishedPayload(status: status, reason: reason.map(redactor.redact))))])
        }
        return RunOutcome(runID: runID, status: recorder.state.status, state: recorder.state)
    }

    /// Gives the run's lease back: the next `resume` need not wait for this process to end.
    private func releaseLease() {
        try? recorder.store.releaseLease(on: runID, for: holder)
    }

    // MARK: Setup helpers

    /// The environment every step starts from: the caller's, the `.env` file beside a Runme
    /// document, the front matter's `env`, then the variables.
    static func baseline(_ runbook: Runbook, variables: ResolvedVariables, options: EngineOptions) -> [String: String] {
        var environment = options.processEnvironment
        for (name, value) in dotEnv(runbook, options: options) { environment[name] = value }
        return baseline(runbook, values: variables.values, processEnvironment: environment)
    }

    /// The assignments of the `.env` file beside a Runme document; none for runbook's own.
    static func dotEnv(_ runbook: Runbook, options: EngineOptions) -> [(name: String, value: String)] {
        guard runbook.semantics == .runme else { return [] }
        return DotEnvFile.read((runbookDirectory(runbook, options: options) as NSString).appendingPathComponent(".env"))
    }

    /// The environment every step starts from, given the variables' `values` and the caller's
    /// environment (what `show --quick` expands a `cwd` in, as a run would).
    public static func baseline(_ runbook: Runbook, values: [String: String], processEnvironment: [String: String])
        -> [String: String]
    {
        var environment = processEnvironment
        for entry in runbook.environment { environment[entry.name] = entry.defaultValue ?? "" }
        for (name, value) in values { environment[name] = value }
        return environment
    }

    /// The front matter's `cwd` (relative to the runbook's directory), else where runbook was
    /// started, or for a Runme document its own directory, as Runme starts there.
    static func initialDirectory(_ runbook: Runbook, options: EngineOptions) -> String {
        guard let directory = runbook.workingDirectory else {
            return runbook.semantics == .runme
                ? runbookDirectory(runbook, options: options) : options.invocationDirectory
        }
        return PathExpansion.expand(
            directory, environment: options.processEnvironment, relativeTo: runbookDirectory(runbook, options: options))
    }

    /// What a block's relative `cwd` is resolved against: the front matter's `cwd` when there
    /// is one (itself resolved against the document's directory), else the document's
    /// directory. This is Runme's rule; an absolute `cwd` wins at either level.
    static func blockDirectoryBase(_ runbook: Runbook, options: EngineOptions) -> String {
        runbook.workingDirectory == nil
            ? runbookDirectory(runbook, options: options) : initialDirectory(runbook, options: options)
    }

    static func runbookDirectory(_ runbook: Runbook, options: EngineOptions) -> String {
        runbookDirectory(runbook, invocationDirectory: options.invocationDirectory)
    }

    /// The directory holding the runbook: relative `cwd`s are relative to it.
    public static func runbookDirectory(_ runbook: Runbook, invocationDirectory: String) -> String {
        let path =
            runbook.path.hasPrefix("/")
            ? runbook.path : (invocationDirectory as NSString).appendingPathComponent(runbook.path)
        return (PathText.directory(of: path) as NSString).standardizingPath
    }

    static func revision(of runbook: Runbook, text: String, redactor: Redactor) -> RunbookRevision {
        let stored = redactor.redact(text)
        return RunbookRevision(
            hash: runbook.contentHash, runbookID: runbook.id, path: runbook.path, title: runbook.title,
            version: runbook.version, text: stored, isRedacted: stored != text)
    }
}
