import RunbookDocument

// The payload of each event kind, stored as JSON in the `payload` column. Each payload's
// `schema` is the one definition of its JSON keys (documented in docs/records.md) and of where
// each value lives: the stored JSON, the flat reader, `Codable` and the JSON export all follow
// it. New fields are only ever added as optionals (one `.init("key", \.field)` line in the
// schema) so that older records keep decoding.

/// How a step ended.
public enum StepOutcome: String, Hashable, Sendable, Codable, CaseIterable {
    /// Exit status 0.
    case succeeded
    /// Non-zero exit status or killed by a signal of its own.
    case failed
    /// Stopped because it ran past its `timeout=`.
    case timedOut = "timed-out"
    /// Stopped because the engine was interrupted (Ctrl-C, SIGTERM).
    case interrupted
    /// A manual step the operator confirmed as done.
    case confirmed
    /// The command could not be started at all (missing shell, bad working directory).
    case notStarted = "not-started"

    /// True when the step counts as done.
    public var isSuccess: Bool { self == .succeeded || self == .confirmed }
}

/// Which stream a piece of output came from.
public enum OutputStreamKind: String, Hashable, Sendable, Codable, CaseIterable {
    case stdout
    case stderr
    /// Interactive steps run on a pseudo-terminal, where both streams are one.
    case terminal
}

/// How a step's captured output compared with its expected output.
public struct OutputMatch: Hashable, Sendable, Codable {
    public var matched: Bool
    /// A unified-style diff, expected (`-`) against actual (`+`), when it did not match.
    public var diff: String?

    public init(matched: Bool, diff: String? = nil) {
        self.matched = matched
        self.diff = diff
    }
}

public struct RunStartedPayload: EventBody {
    public var revisionHash: String
    public var runbookID: String
    public var path: String
    public var title: String
    public var operatorName: String
    public var host: String
    public var mode: RunMode
    public var toolVersion: String
    /// Non-secret variables with their values.
    public var variables: [String: String]
    public var secretNames: [String]
    /// `--from`: the step the operator started at.
    public var startStep: String?
    /// `--yes`: the operator pre-confirmed manual steps and confirmations.
    public var preconfirmed: Bool
    /// `--allow-destructive`: steps with `confirm`/`destructive` may run unattended.
    public var allowDestructive: Bool
    public var session: SessionSnapshot

    public init(
        revisionHash: String, runbookID: String, path: String, title: String, operatorName: String,
        host: String, mode: RunMode, toolVersion: String, variables: [String: String],
        secretNames: [String], startStep: String? = nil, preconfirmed: Bool = false,
        allowDestructive: Bool = false, session: SessionSnapshot
    ) {
        self.revisionHash = revisionHash
        self.runbookID = runbookID
        self.path = path
        self.title = title
        self.operatorName = operatorName
        self.host = host
        self.mode = mode
        self.toolVersion = toolVersion
        self.variables = variables
        self.secretNames = secretNames
        self.startStep = startStep
        self.preconfirmed = preconfirmed
        self.allowDestructive = allowDestructive
        self.session = session
    }
}

public struct StepStartedPayload: EventBody {
    public var phase: Phase
    public var kind: StepKind
    public var title: String
    /// The text that runs (after any edit), secrets redacted.
    public var command: String
    /// 1 for the first try, growing with each retry.
    public var attempt: Int
    public var workingDirectory: String?
    public var isInteractive: Bool
    /// The host the attempt ran on over ssh (its name in the runbook); nil when it ran on the
    /// runner's machine. Absent from records older than hosts.
    public var remoteHost: String?

    public init(
        phase: Phase, kind: StepKind, title: String, command: String, attempt: Int, workingDirectory: String?,
        isInteractive: Bool, remoteHost: String? = nil
    ) {
        self.remoteHost = remoteHost
        self.phase = phase
        self.kind = kind
        self.title = title
        self.command = command
        self.attempt = attempt
        self.workingDirectory = workingDirectory
        self.isInteractive = isInteractive
    }
}

/// A stream's captured output, stored once when the step ends: the first and last bytes up to
/// the configured caps, with the size of what was dropped between them.
public struct OutputPayload: EventBody {
    public var stream: OutputStreamKind
    /// Redacted text; when bytes were dropped, a marker line stands where they were.
    public var text: String
    public var totalBytes: Int
    public var droppedBytes: Int
    /// The kept bytes exactly, base64, when they are not UTF-8 (`text` then shows each stray
    /// byte as `\xNN`); nil for UTF-8 output, whose `text` is exact.
    public var base64: String?
    /// The host the attempt that printed it ran on over ssh, as in its `step-started`: hosts of
    /// a `parallel=N` step run at once, so their attempts' events interleave. Nil on the
    /// runner's machine and in records older than parallel hosts.
    public var remoteHost: String?

    public init(
        stream: OutputStreamKind, text: String, totalBytes: Int, droppedBytes: Int, base64: String? = nil,
        remoteHost: String? = nil
    ) {
        self.remoteHost = remoteHost
        self.stream = stream
        self.text = text
        self.totalBytes = totalBytes
        self.droppedBytes = droppedBytes
        self.base64 = base64
    }
}

public struct StepFinishedPayload: EventBody {
    public var phase: Phase
    public var outcome: StepOutcome
    public var exitCode: Int?
    /// The signal that ended the step's main process, if one did.
    public var signal: Int?
    public var durationSeconds: Double
    public var match: OutputMatch?
    /// The session after the step (only when it succeeded: a failed step's changes are
    /// dropped so a retry starts from the same place).
    public var session: SessionSnapshot?
    /// Why the step could not start, when `outcome` is `not-started`; why it failed, when
    /// that was not its exit status alone (an output mismatch that counts, a transcript
    /// command's status).
    public var error: String?
    /// For a `console` transcript: each `$ ` command's verdict, in order.
    public var commands: [CommandVerdict]?
    /// For a step on another host: the process group it ran in there (what a kill signalled).
    public var processGroup: Int?
    /// The host the attempt ran on over ssh, as in its `step-started`, so the end finds its
    /// start when hosts run at once (`parallel=N`). Nil on the runner's machine and in records
    /// older than parallel hosts.
    public var remoteHost: String?

    public init(
        phase: Phase, outcome: StepOutcome, exitCode: Int? = nil, signal: Int? = nil,
        durationSeconds: Double, match: OutputMatch? = nil, session: SessionSnapshot? = nil, error: String? = nil,
        commands: [CommandVerdict]? = nil, processGroup: Int? = nil, remoteHost: String? = nil
    ) {
        self.remoteHost = remoteHost
        self.processGroup = processGroup
        self.commands = commands
        self.phase = phase
        self.outcome = outcome
        self.exitCode = exitCode
        self.signal = signal
        self.durationSeconds = durationSeconds
        self.match = match
        self.session = session
        self.error = error
    }
}

/// Why a step did not run.
public enum SkipReasonKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The operator (or driver) chose to skip: a deviation.
    case operatorChoice = "operator"
    /// The author excluded it from run-all (`ignore`, `excludeFromRunAll`).
    case excluded
    /// Before the `--from` step.
    case beforeStart = "before-start"
    /// The step `requires` a capability the run declared missing (`--without`).
    case missingCapability = "missing-capability"
}

public struct SkippedPayload: EventBody {
    public var phase: Phase
    public var why: SkipReasonKind
    public var reason: String

    public init(phase: Phase, why: SkipReasonKind, reason: String) {
        self.phase = phase
        self.why = why
        self.reason = reason
    }
}

public struct CommandEditedPayload: EventBody {
    public var original: String
    public var executed: String

    public init(original: String, executed: String) {
        self.original = original
        self.executed = executed
    }
}

/// How a confirmation was given.
public enum ConfirmationMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// The operator answered yes (or confirmed a manual step done).
    case answered
    /// The operator typed the required phrase.
    case typed
    /// `--yes` / `--allow-destructive` given when the run started.
    case preconfirmed
}

public struct ConfirmedPayload: EventBody {
    public var method: ConfirmationMethod
    /// What was confirmed: `manual`, `yes-no`, `phrase`, `variable`, `destructive`.
    public var requirement: String

    public init(method: ConfirmationMethod, requirement: String) {
        self.method = method
        self.requirement = requirement
    }
}

public struct TextPayload: EventBody {
    public var text: String
    public init(text: String) { self.text = text }
}

/// What kind of departure from the written procedure a deviation is.
public enum DeviationKind: String, Hashable, Sendable, Codable, CaseIterable {
    case skipped
    case edited
    case outputMismatch = "output-mismatch"
    case retried
    /// The operator went on although a prerequisite failed.
    case overridden
    /// The runbook file changed between a pause and its resume.
    case revisionChanged = "revision-changed"
    /// A resume ran with variables other than the ones the run started with.
    case variablesChanged = "variables-changed"
}

public struct DeviationPayload: EventBody {
    public var kind: DeviationKind
    public var detail: String

    public init(kind: DeviationKind, detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

public struct RollbackStartedPayload: EventBody {
    public var reason: String
    /// The rollback steps in the order they will run.
    public var steps: [String]

    public init(reason: String, steps: [String]) {
        self.reason = reason
        self.steps = steps
    }
}

public struct RollbackFinishedPayload: EventBody {
    /// True when every rollback step succeeded.
    public var succeeded: Bool
    public init(succeeded: Bool) { self.succeeded = succeeded }
}

public struct InterruptedPayload: EventBody {
    public var signal: Int?
    public var reason: String

    public init(signal: Int?, reason: String) {
        self.signal = signal
        self.reason = reason
    }
}

public struct ResumedPayload: EventBody {
    public var operatorName: String
    public var host: String
    public var mode: RunMode
    public var toolVersion: String
    public var revisionHash: String
    public var previousRevisionHash: String
    /// Steps whose text differs from the revision the run was following, added or removed.
    public var changedSteps: [String]
    public var preconfirmed: Bool
    public var allowDestructive: Bool

    public init(
        operatorName: String, host: String, mode: RunMode, toolVersion: String, revisionHash: String,
        previousRevisionHash: String, changedSteps: [String], preconfirmed: Bool = false, allowDestructive: Bool = false
    ) {
        self.operatorName = operatorName
        self.host = host
        self.mode = mode
        self.toolVersion = toolVersion
        self.revisionHash = revisionHash
        self.previousRevisionHash = previousRevisionHash
        self.changedSteps = changedSteps
        self.preconfirmed = preconfirmed
        self.allowDestructive = allowDestructive
    }
}

public struct FinishedPayload: EventBody {
    public var status: RunStatus
    public var reason: String?

    public init(status: RunStatus, reason: String? = nil) {
        self.status = status
        self.reason = reason
    }
}

/// What became of one delivery to a `notify:` target. Recorded by the runner when the delivery
/// ended (or when the run's process could wait no longer), so it follows the event it is about.
public struct NotifiedPayload: EventBody {
    /// What the target was told about: `failed`, `paused`, `interrupted`, `completed`, `deviation`.
    public var trigger: String
    /// The target, without anything secret: `command: …` (redacted) or `webhook FORMAT scheme://host`.
    public var target: String
    public var delivered: Bool
    /// Tries made, the first included.
    public var attempts: Int
    /// The last answer or error, redacted: `HTTP 200`, `exit 1`, `timed out after 5 s`, ….
    public var detail: String
    public var durationSeconds: Double
    /// The sequence number of the event the target was told about.
    public var about: Int?

    public init(
        trigger: String, target: String, delivered: Bool, attempts: Int, detail: String, durationSeconds: Double,
        about: Int? = nil
    ) {
        self.trigger = trigger
        self.target = target
        self.delivered = delivered
        self.attempts = attempts
        self.detail = detail
        self.durationSeconds = durationSeconds
        self.about = about
    }
}
