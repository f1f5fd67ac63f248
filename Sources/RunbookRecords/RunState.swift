import Foundation
import RunbookDocument

/// A run as its event log says it stands: the fold that resume, history, export and stats
/// all read.
public struct RunState: Hashable, Sendable {
    /// What happened to one step, across all its attempts.
    public struct StepState: Hashable, Sendable {
        public var id: String
        public var phase: Phase
        public var attempts: Int = 0
        public var outcome: StepOutcome?
        public var exitCode: Int?
        public var durationSeconds: Double?
        public var match: OutputMatch?
        /// For a `console` transcript, each command's verdict in its last attempt.
        public var commands: [CommandVerdict]?
        /// Set when the step was skipped, with why.
        public var skip: SkippedPayload?
        /// The command that last ran, when it was edited.
        public var editedCommand: String?
        public var outputs: [OutputPayload] = []

        public init(id: String, phase: Phase) {
            self.id = id
            self.phase = phase
        }

        /// Done for resume's purposes: succeeded, confirmed or deliberately skipped.
        public var isDone: Bool { skip != nil || outcome?.isSuccess == true }
    }

    public var runID: String = ""
    public var status: RunStatus = .running
    public var started: RunStartedPayload?
    /// The revision being followed now (a resume on a changed file moves it).
    public var revisionHash: String = ""
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Steps by id.
    public var steps: [String: StepState] = [:]
    /// Ids of steps in the order each was first touched.
    public var order: [String] = []
    /// Ids of steps in the order they became done (succeeded, confirmed or skipped).
    public var completionOrder: [String] = []
    /// A step that started and has not finished: the process died or was killed during it.
    public var stepInProgress: String?
    /// The shell session to start the next step in.
    public var session: SessionSnapshot?
    public var notes: [StepNote] = []
    public var lessons: [String] = []
    public var deviations: [StepDeviation] = []
    /// The rollback being run, if one started: its planned steps and whether it finished.
    public var rollbackPlan: [String]?
    public var rollbackFinished: RollbackFinishedPayload?
    public var pauseReason: String?
    public var resumeCount = 0
    public var lastSequence = 0
    /// `completionOrder` as a set, so folding a long log stays linear.
    private var doneIDs: Set<String> = []

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
        runID = event.runID
        if let status = event.payload.resultingStatus { self.status = status }
        switch event.payload {
        case .runStarted(let payload):
            started = payload
            revisionHash = payload.revisionHash
            startedAt = event.time
            session = payload.session
        case .stepStarted(let payload):
            modify(event.stepID, phase: payload.phase) { $0.attempts += 1 }
            stepInProgress = event.stepID
        case .output(let payload):
            modify(event.stepID, phase: nil) { $0.outputs.append(payload) }
        case .stepFinished(let payload):
            modify(event.stepID, phase: payload.phase) { step in
                step.outcome = payload.outcome
                step.exitCode = payload.exitCode
                step.durationSeconds = payload.durationSeconds
                step.match = payload.match
                step.commands = payload.commands
            }
            if stepInProgress == event.stepID { stepInProgress = nil }
            if payload.outcome.isSuccess, let snapshot = payload.session { session = snapshot }
            if payload.outcome.isSuccess, let id = event.stepID { markDone(id) }
        case .skipped(let payload):
            modify(event.stepID, phase: payload.phase) { $0.skip = payload }
            if stepInProgress == event.stepID { stepInProgress = nil }
            if let id = event.stepID { markDone(id) }
        case .commandEdited(let payload):
            modify(event.stepID, phase: nil) { $0.editedCommand = payload.executed }
        case .confirmed:
            break
        case .note(let payload):
            notes.append(StepNote(stepID: event.stepID, text: payload.text))
        case .deviation(let payload):
            deviations.append(StepDeviation(stepID: event.stepID, deviation: payload))
        case .lesson(let payload):
            lessons.append(payload.text)
        case .rollbackStarted(let payload):
            rollbackPlan = payload.steps
            rollbackFinished = nil
        case .rollbackFinished(let payload):
            rollbackFinished = payload
        case .paused(let payload):
            pauseReason = payload.text
            stepInProgress = nil
        case .interrupted(let payload):
            pauseReason = payload.reason
            stepInProgress = nil
        case .resumed(let payload):
            revisionHash = payload.revisionHash
            resumeCount += 1
            pauseReason = nil
            finishedAt = nil
        case .finished:
            finishedAt = event.time
        }
    }

    /// True when the step succeeded, was confirmed or was skipped.
    public func isDone(_ stepID: String) -> Bool { steps[stepID]?.isDone == true }

    /// True while a rollback has started and not finished.
    public var isRollingBack: Bool { rollbackPlan != nil && rollbackFinished == nil }

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
