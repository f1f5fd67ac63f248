import RunbookDocument
import RunbookRecords

/// What the engine asks a driver: the step in question and the situation it is in.
public struct DecisionRequest: Sendable, Hashable {
    public enum Situation: Sendable, Hashable {
        /// The step is next.
        case proposal
        /// The last attempt failed (non-zero exit, timeout, could not start).
        case failed(StepResult)
        /// Ctrl-C stopped the step (with its result) or came between steps (`nil`).
        case interrupted(StepResult?)
        /// The step was in progress when the runner that ran it died (`kill -9`, a crash, a
        /// reboot): how that attempt ended is unknown, and running it again may repeat what it
        /// already did.
        case runnerDied(AttemptInProgress)
        /// The confirmation the step needs was not given.
        case declined
    }

    public var step: PlannedStep
    public var situation: Situation
    /// True while running the rollback.
    public var isRollback: Bool
    /// The answers that make sense here; others are treated as `pause`.
    public var allowed: Set<Decision.Kind>

    public init(step: PlannedStep, situation: Situation, isRollback: Bool, allowed: Set<Decision.Kind>) {
        self.step = step
        self.situation = situation
        self.isRollback = isRollback
        self.allowed = allowed
    }
}

/// A driver's answer.
public enum Decision: Sendable, Hashable {
    /// Run the step (for a manual step: it is done). Also "try again" after a failure.
    case run
    /// Do not run it; a deviation with the reason.
    case skip(reason: String)
    /// Run this text instead of the step's command; a deviation recording both.
    case edit(String)
    /// Go on although a prerequisite check failed, on the operator's word: the check counts as
    /// done (skipped) and a deviation `overridden` records the reason. Only after a failed
    /// prerequisite.
    case override(reason: String)
    /// Record a note; the engine asks again.
    case note(String)
    /// Run the failed step again.
    case retry
    /// Stop going forward and run the rollback.
    case rollback
    /// Go back: run an earlier step of the checklist again (a new attempt of it, with a
    /// deviation `retried` saying so), then come back to this one. Not in the rollback.
    case rerun(stepID: String)
    /// Stop here, resumable (exit 3).
    case pause(reason: String)
    /// Stop for good: the run ends `aborted` (or `failed` when a step had failed).
    case abort(reason: String)

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case run, skip, override, edit, note, retry, rollback, rerun, pause, abort
    }

    public var kind: Kind {
        switch self {
        case .run: .run
        case .skip: .skip
        case .override: .override
        case .edit: .edit
        case .note: .note
        case .retry: .retry
        case .rollback: .rollback
        case .rerun: .rerun
        case .pause: .pause
        case .abort: .abort
        }
    }
}

/// What the operator must confirm before a step runs.
public struct ConfirmationRequest: Sendable, Hashable {
    public enum Requirement: Sendable, Hashable {
        /// A manual step: confirm it is done.
        case manual
        /// A y/N question.
        case yesNo
        /// Type this phrase.
        case phrase(String)
        /// Type the value of this variable (`masked` when it is a secret).
        case variable(name: String, masked: Bool)
        /// `destructive=true` without a `confirm`: a y/N question.
        case destructive
    }

    public var step: PlannedStep
    public var requirement: Requirement

    public init(step: PlannedStep, requirement: Requirement) {
        self.step = step
        self.requirement = requirement
    }
}

/// A driver's answer to a confirmation.
public enum ConfirmationAnswer: Sendable, Hashable {
    /// Yes (or, for a manual step, done).
    case yes
    /// What the operator typed; the engine compares it with the phrase or value.
    case typed(String)
    /// `--yes` / `--allow-destructive`: confirmed before the run started.
    case preconfirmed
    case declined
}

/// How a run ended, for the lessons prompt.
public struct RunSummary: Sendable, Hashable {
    public var runID: String
    public var status: RunStatus
    public var completedSteps: Int
    public var deviations: Int

    public init(runID: String, status: RunStatus, completedSteps: Int, deviations: Int) {
        self.runID = runID
        self.status = status
        self.completedSteps = completedSteps
        self.deviations = deviations
    }
}
