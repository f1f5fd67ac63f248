import RunbookDocument
import RunbookRecords

/// Decides what the engine does next. The engine proposes, the driver answers; the engine
/// never reads a terminal. `AutoDriver` (`--auto`), `ScriptedDriver` (tests) and the terminal
/// UI are drivers.
///
/// Calls come on the thread running the engine, one at a time, and may block (a terminal
/// driver waits for the operator).
public protocol Driver: AnyObject {
    /// What to do with a step: before it runs, after it failed, after an interrupt.
    func decide(_ request: DecisionRequest) -> Decision
    /// Confirmation for a manual step, a `confirm=` or a destructive step.
    func confirm(_ request: ConfirmationRequest) -> ConfirmationAnswer
    /// A value for a variable nothing else gives one (a secret on resume, say); `nil` if none.
    func value(for variable: Variable) -> String?
    /// Lessons learned, asked once when a run ends (not when it pauses).
    func lessons(after summary: RunSummary) -> [String]
}

extension Driver {
    public func value(for variable: Variable) -> String? { nil }
    public func lessons(after summary: RunSummary) -> [String] { [] }
}

/// Sees a run as it happens: every event once it is committed ("durable before visible"), and
/// the steps' output live. The CLI renders from these.
public protocol RunObserver: AnyObject {
    func recorded(_ event: RunEvent)
    /// Output as the step prints it, secrets already redacted.
    func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String)
    /// Output as the step prints it on `host` (nil: here, outside a fan-out), secrets already
    /// redacted. The hosts of a `parallel=N` step run at once: each call is then whole lines
    /// of one host (or the last, unfinished line of its attempt).
    func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String, host: String?)
}

extension RunObserver {
    public func recorded(_ event: RunEvent) {}
    public func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String) {}
    public func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String, host: String?) {
        output(bytes, stream: stream, stepID: stepID)
    }
}
