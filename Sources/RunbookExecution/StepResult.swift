import RunbookDocument
import RunbookRecords

/// How one attempt at a step went: what a driver sees after a failure.
public struct StepResult: Sendable, Hashable {
    public var stepID: String
    public var phase: Phase
    public var attempt: Int
    public var outcome: StepOutcome
    public var exitCode: Int?
    public var signal: Int?
    public var durationSeconds: Double
    /// The expected-output comparison, when the step has an expected output.
    public var match: OutputMatch?
    /// The captured output per stream (capped, redacted).
    public var outputs: [OutputPayload]
    /// Why the step could not start, for `not-started`.
    public var error: String?
    /// For a `console` transcript, each command's verdict.
    public var commands: [CommandVerdict]?
    /// The signal that interrupted the engine during the step, for `interrupted`.
    public var interruptSignal: Int32?

    public init(
        stepID: String, phase: Phase, attempt: Int, outcome: StepOutcome, exitCode: Int? = nil,
        signal: Int? = nil, durationSeconds: Double, match: OutputMatch? = nil,
        outputs: [OutputPayload] = [], error: String? = nil
    ) {
        self.stepID = stepID
        self.phase = phase
        self.attempt = attempt
        self.outcome = outcome
        self.exitCode = exitCode
        self.signal = signal
        self.durationSeconds = durationSeconds
        self.match = match
        self.outputs = outputs
        self.error = error
    }
}
