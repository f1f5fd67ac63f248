import RunbookDocument

/// A step as the engine is about to run it: what a driver shows before deciding.
public struct PlannedStep: Sendable, Hashable {
    public var step: Step
    /// The text that will run: the step's command, or the driver's edit of it. Variables are
    /// not substituted: they reach the shell as environment variables.
    public var command: String
    /// `command` with secret values (in an edit, say) replaced by `[secret:NAME]`.
    public var displayCommand: String
    /// Absolute directory the step starts in.
    public var workingDirectory: String
    /// The variables the step sees, secrets shown as `[secret:NAME]`.
    public var variables: [String: String]
    /// 1-based position in the checklist and its length (rollback counts its own plan).
    public var position: Int
    public var total: Int
    /// Values the command uses that earlier steps set in the session (not declared variables),
    /// secrets redacted: what `$WORKDIR` will be when the step runs.
    public var sessionValues: [String: String] = [:]
    /// What an output mismatch does to this step (`Runbook.expectation(of:)`).
    public var expectation: Expectation
    /// The hosts it runs on (`Runbook.hostNames(of:)`); empty when it runs here.
    public var hosts: [String] = []
    /// The host this attempt runs on, when the engine runs a fanned-out step host by host.
    public var host: String?

    public init(
        step: Step, command: String, displayCommand: String, workingDirectory: String,
        variables: [String: String], position: Int, total: Int, expectation: Expectation = .deviation
    ) {
        self.expectation = expectation
        self.step = step
        self.command = command
        self.displayCommand = displayCommand
        self.workingDirectory = workingDirectory
        self.variables = variables
        self.position = position
        self.total = total
    }

    /// True when a driver must confirm before it runs: a `confirm`, a `destructive=true`, or a
    /// manual step (whose running is the operator saying it is done).
    public var needsConfirmation: Bool {
        step.confirmation.isRequired || step.isDestructive || step.kind == .manual
    }
}
