import Foundation
import RunbookDocument

/// A run as its event log says it stands: the one fold that resume, history, export, amend,
/// stats and every summary read. Nothing that states a fact about a run re-reads raw events.
public struct RunState: Hashable, Sendable {
    /// What happened to one step, across all its attempts.
    public struct StepState: Hashable, Sendable {
        public var id: String
        public var phase: Phase
        /// The title and kind the step had when it last started, when it started.
        public var title: String?
        public var kind: StepKind?
        /// Every try, in the order they started.
        public var attempts: [StepAttempt] = []
        /// Set when the step was skipped, with why.
        public var skip: SkippedPayload?

        public init(id: String, phase: Phase) {
            self.id = id
            self.phase = phase
        }

        public var attemptCount: Int { attempts.count }

        /// The last attempt: the one whose end is the step's.
        public var lastAttempt: StepAttempt? { attempts.last }

        /// How the last attempt ended; nil when it has not (or its runner died). For a step
        /// fanned out over hosts, the first failure among each host's latest attempt: the step
        /// is done only when it is done on every host it ran on.
        public var outcome: StepOutcome? {
            guard let last = attempts.last else { return nil }
            guard isFannedOut, attempts.count > 1 else { return last.outcome }
            var seen: Set<String> = []
            for attempt in attempts.reversed() {
                guard seen.insert(hostName(of: attempt)).inserted else { continue }
                if attempt.outcome?.isSuccess != true { return attempt.outcome }
            }
            return last.outcome
        }

        /// The hosts whose latest attempt succeeded, for a step that ran on other hosts: a
        /// retry runs only on the others. An attempt of a fan-out that ran here (`hosts=local,a`)
        /// counts as host `local`.
        public var hostsDone: Set<String> {
            guard isFannedOut else { return [] }
            var latest: [String: Bool] = [:]
            for attempt in attempts { latest[hostName(of: attempt)] = attempt.succeeded }
            return Set(latest.filter(\.value).keys)
        }

        /// True when some attempt ran on another host.
        var isFannedOut: Bool { attempts.contains { $0.remoteHost != nil } }

        /// The host an attempt ran on, `local` for the runner's machine.
        func hostName(of attempt: StepAttempt) -> String { attempt.remoteHost ?? HostInventory.localName }

        /// The attempt an output or end recorded for `host` belongs to: hosts of a `parallel=N`
        /// step run at once, so that is the attempt still running on that host; else (records
        /// older than parallel hosts name no host there) the one still running, else the last.
        func openAttempt(on host: String?) -> Int? {
            guard let last = attempts.indices.last else { return nil }
            var latestRunning: Int?
            for index in attempts.indices.reversed() where attempts[index].ending == .running {
                if attempts[index].remoteHost == host { return index }
                latestRunning = latestRunning ?? index
            }
            return latestRunning ?? last
        }

        public var exitCode: Int? { attempts.last?.finish?.exitCode }
        public var durationSeconds: Double? { attempts.last?.finish?.durationSeconds }
        public var match: OutputMatch? { attempts.last?.finish?.match }
        /// For a `console` transcript, each command's verdict in the last attempt.
        public var commands: [CommandVerdict]? { attempts.last?.finish?.commands }
        /// The last attempt's output.
        public var outputs: [OutputPayload] { attempts.last?.outputs ?? [] }

        /// The command the last attempt ran, when the operator had edited it: nil when the
        /// written text is what ran last, however many edited attempts came before.
        public var editedCommand: String? {
            guard let last = attempts.last, last.isEdited else { return nil }
            return last.command
        }

        /// Done for resume's purposes: succeeded, confirmed or deliberately skipped.
        public var isDone: Bool { skip != nil || outcome?.isSuccess == true }
    }

    /// A stop of the run (a pause or an interruption) and who took it up again.
    public struct Stop: Hashable, Sendable {
        public var reason: String
        public var time: Date
        /// True for an interruption (Ctrl-C, a signal), false for a pause the operator chose.
        public var isInterruption: Bool
        public var signal: Int?
        /// The step the run stopped at, when the record names it (a pause or interruption event
        /// about a step, or a step in progress); older records do not.
        public var stepID: String?
        public var resumedBy: String?
        public var resumedOnHost: String?
        public var resumedAt: Date?
    }

    public var runID: String = ""
    public var status: RunStatus = .running
    public var started: RunStartedPayload?
    /// The revision being followed now (a resume on a changed file moves it).
    public var revisionHash: String = ""
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The time of the last event.
    public var lastEventAt: Date?
    /// Steps by id.
    public var steps: [String: StepState] = [:]
    /// Ids of steps in the order each was first touched.
    public var order: [String] = []
    /// Ids of steps in the order they became done (succeeded, confirmed or skipped).
    public var completionOrder: [String] = []
    /// A step that started and has not finished: the process died or was killed during it.
    public var stepInProgress: String?
    /// False until `markRunnerGone` found an attempt still running: only then can an attempt
    /// have been abandoned, so `abandonedAttempt` need not look through every step before each.
    public private(set) var mayHaveAbandonedAttempts = false
    /// The shell session to start the next step in.
    public var session: SessionSnapshot?
    /// The shell session to start the next step on each other host in, by host name: what a
    /// succeeded step there (`remoteHost`) left. The local `session` never takes these.
    public var hostSessions: [String: SessionSnapshot] = [:]
    public var notes: [StepNote] = []
    /// Lessons as the operator wrote them, line breaks kept.
    public var lessons: [String] = []
    public var deviations: [StepDeviation] = []
    /// Every `notify:` delivery's outcome, in the order recorded.
    public var notifications: [NotifiedPayload] = []
    /// The rollback being run, if one started: why, its planned steps and whether it finished.
    public var rollbackPlan: [String]?
    public var rollbackReason: String?
    public var rollbackFinished: RollbackFinishedPayload?
    /// Why the run stopped, while it is paused or interrupted.
    public var pauseReason: String?
    /// Every pause and interruption, in order, with who resumed each.
    public var stops: [Stop] = []
    /// The reason the `finished` event gave, when it gave one.
    public var finishReason: String?
    public var resumeCount = 0
    /// Every resume, in order.
    public var resumes: [ResumedPayload] = []
    public var lastSequence = 0
    /// The operator and host running the run now (the last start or resume).
    public var operatorName: String = ""
    public var host: String = ""
    /// Everyone who ran part of the run, and where, in the order they first did.
    public var operators: [String] = []
    public var hosts: [String] = []
    /// `completionOrder` as a set, so folding a long log stays linear.
    private var doneIDs: Set<String> = []
    /// Confirmations given for a step's next attempt.
    private var pendingConfirmations: [String: ConfirmedPayload] = [:]
    /// The last edit of each step: the written text and what the operator made of it.
    private var edits: [String: CommandEditedPayload] = [:]

    public init() {}

    /// Folds a whole log.
    public init(folding events: [RunEvent]) {
        self.init()
        // A step takes at least a start and an end (or a skip): room for the most there can be,
        // so a long log does not grow the table a dozen times.
        steps.reserveCapacity(events.count / 2)
        for event in events { apply(event) }
    }

    /// The state after one more event.
    public mutating func apply(_ event: RunEvent) {
        lastSequence = event.sequence
        lastEventAt = event.time
        runID = event.runID
        if let status = event.payload.resultingStatus { self.status = status }
        switch event.payload {
        case .runStarted(let payload):
            started = payload
            revisionHash = payload.revisionHash
            startedAt = event.time
            session = payload.session
            ranBy(payload.operatorName, on: payload.host)
        case .stepStarted(let payload):
            guard let id = event.stepID else { break }
            var attempt = StepAttempt(
                number: 1, command: payload.command, operatorName: operatorName, host: host,
                startedAt: event.time, workingDirectory: payload.workingDirectory,
                // Confirmations and edits are rare: most steps of a long log hash their id
                // into neither table.
                confirmation: pendingConfirmations.isEmpty ? nil : pendingConfirmations.removeValue(forKey: id))
            attempt.remoteHost = payload.remoteHost
            if !edits.isEmpty, let edit = edits[id], edit.executed == payload.command {
                attempt.writtenCommand = edit.original
            }
            modify(id, phase: payload.phase) { step in
                step.title = payload.title
                step.kind = payload.kind
                attempt.number = step.attempts.count + 1
                step.attempts.append(attempt)
            }
            stepInProgress = id
        case .output(let payload):
            modify(event.stepID, phase: nil) { step in
                guard let index = step.openAttempt(on: payload.remoteHost) else { return }
                step.attempts[index].outputs.append(payload)
            }
        case .stepFinished(let payload):
            let (name, machine) = (operatorName, host)
            var remoteHost: String?
            var stillRunning = false
            var isDone = false
            modify(event.stepID, phase: payload.phase) { step in
                var index = step.openAttempt(on: payload.remoteHost) ?? 0
                if step.attempts.isEmpty || step.attempts[index].ending != .running {
                    // An end with no start of its own (not written by this engine): an attempt
                    // all the same, so no end is lost.
                    step.attempts.append(
                        StepAttempt(
                            number: step.attempts.count + 1, command: "", operatorName: name, host: machine,
                            startedAt: event.time))
                    index = step.attempts.count - 1
                }
                step.attempts[index].ending = .finished(payload)
                remoteHost = step.attempts[index].remoteHost
                stillRunning = step.attempts.contains { $0.ending == .running }
                // Read in place: looking the step up again afterwards copied its state out.
                isDone = step.isDone
            }
            if stepInProgress == event.stepID, !stillRunning { stepInProgress = nil }
            if payload.outcome.isSuccess, let snapshot = payload.session {
                if let remoteHost { hostSessions[remoteHost] = snapshot } else { session = snapshot }
            }
            if payload.outcome.isSuccess, let id = event.stepID, isDone { markDone(id) }
        case .skipped(let payload):
            modify(event.stepID, phase: payload.phase) { $0.skip = payload }
            if stepInProgress == event.stepID { stepInProgress = nil }
            if let id = event.stepID { markDone(id) }
        case .commandEdited(let payload):
            if let id = event.stepID { edits[id] = payload }
            modify(event.stepID, phase: nil) { _ in }
        case .confirmed(let payload):
            if let id = event.stepID { pendingConfirmations[id] = payload }
        case .note(let payload):
            notes.append(StepNote(stepID: event.stepID, text: payload.text))
        case .deviation(let payload):
            deviations.append(StepDeviation(stepID: event.stepID, deviation: payload))
        case .lesson(let payload):
            lessons.append(payload.text)
        case .rollbackStarted(let payload):
            rollbackPlan = payload.steps
            rollbackReason = payload.reason
            rollbackFinished = nil
        case .rollbackFinished(let payload):
            rollbackFinished = payload
        case .paused(let payload):
            pauseReason = payload.text
            stops.append(
                Stop(
                    reason: payload.text, time: event.time, isInterruption: false,
                    stepID: event.stepID ?? stepInProgress))
            stepInProgress = nil
        case .interrupted(let payload):
            pauseReason = payload.reason
            stops.append(
                Stop(
                    reason: payload.reason, time: event.time, isInterruption: true, signal: payload.signal,
                    stepID: event.stepID ?? stepInProgress))
            stepInProgress = nil
        case .resumed(let payload):
            markRunnerGone()
            revisionHash = payload.revisionHash
            resumeCount += 1
            resumes.append(payload)
            pauseReason = nil
            finishedAt = nil
            finishReason = nil
            if let last = stops.indices.last, stops[last].resumedBy == nil {
                stops[last].resumedBy = payload.operatorName
                stops[last].resumedOnHost = payload.host
                stops[last].resumedAt = event.time
            }
            ranBy(payload.operatorName, on: payload.host)
        case .finished(let payload):
            finishedAt = event.time
            finishReason = payload.reason
        case .notified(let payload):
            notifications.append(payload)
        }
    }

    /// Marks every attempt still running as one whose runner died: for a run taken up again, or
    /// found with no live runner.
    public mutating func markRunnerGone() {
        for id in order {
            guard let index = steps.index(forKey: id) else { continue }
            // Every one: the hosts of a `parallel=N` step run at once.
            for attempt in steps.values[index].attempts.indices
            where steps.values[index].attempts[attempt].ending == .running {
                steps.values[index].attempts[attempt].ending = .runnerDied
                mayHaveAbandonedAttempts = true
            }
        }
        stepInProgress = nil
    }

    /// True when the step succeeded, was confirmed or was skipped.
    public func isDone(_ stepID: String) -> Bool { steps[stepID]?.isDone == true }

    /// True while a rollback has started and not finished.
    public var isRollingBack: Bool { rollbackPlan != nil && rollbackFinished == nil }

    private mutating func ranBy(_ name: String, on machine: String) {
        operatorName = name
        host = machine
        if !operators.contains(name) { operators.append(name) }
        if !hosts.contains(machine) { hosts.append(machine) }
    }

    private mutating func markDone(_ id: String) {
        if doneIDs.insert(id).inserted { completionOrder.append(id) }
    }

    private mutating func modify(_ stepID: String?, phase: Phase?, _ change: (inout StepState) -> Void) {
        guard let id = stepID else { return }
        // One look-up, changed in place: testing `steps[id] == nil` first copied the step's
        // state out and hashed the id twice more, for every event of a long log.
        if let index = steps.index(forKey: id) {
            change(&steps.values[index])
        } else {
            var step = StepState(id: id, phase: phase ?? .main)
            change(&step)
            steps[id] = step
            order.append(id)
        }
    }
}

/// A note and the step it was written at.
public struct StepNote: Hashable, Sendable {
    public var stepID: String?
    public var text: String
}

/// A deviation and the step it happened at.
public struct StepDeviation: Hashable, Sendable {
    public var stepID: String?
    public var deviation: DeviationPayload
}
