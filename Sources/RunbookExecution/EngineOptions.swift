import Foundation
import RunbookDocument
import RunbookRecords

/// How a run is carried out and who is recorded as doing it.
public struct EngineOptions: Sendable {
    public var mode: RunMode
    public var operatorName: String
    public var host: String
    /// The `runbook` version, stored with the run.
    public var toolVersion: String
    /// The environment the steps inherit (the caller's, normally).
    public var processEnvironment: [String: String]
    /// Where relative paths given on the command line were meant from.
    public var invocationDirectory: String
    /// First and last bytes of each stream kept per step; the middle is counted, not stored.
    public var outputHeadBytes: Int
    public var outputTailBytes: Int
    /// Seconds between SIGTERM and SIGKILL when a step is stopped.
    public var killGrace: Double
    /// The pseudo-terminal interactive steps get.
    public var terminal: TerminalSpec
    /// Where Ctrl-C and SIGTERM come from; `nil` when the caller handles signals itself.
    public var signalMonitor: SignalMonitor?
    /// `--from`: steps before it (prerequisites excepted) are skipped.
    public var startStep: String?
    /// `--only` and `--tag`: when not empty, only the steps it selects run.
    public var selection: StepSelection
    /// Recorded with the run: the operator started it with `--yes` / `--allow-destructive`.
    public var preconfirmed: Bool
    public var allowDestructive: Bool
    /// A directory for the per-run session file; the system's temporary directory if `nil`.
    public var temporaryDirectory: String?
    /// Capabilities this host lacks (`--without openzfs`): steps that `require` one are skipped.
    public var missingCapabilities: Set<String>
    /// `runbook rollback RUN`: the resumed run runs its rollback and nothing else.
    public var rollbackOnly = false
    /// `--on-failure`: what `--auto` did at a failure, so the record says why a rollback began.
    public var onFailure: FailurePolicy = .stop
    /// False when nobody is to be told about the run (`runbook test`'s rehearsals): the
    /// runbook's own `notify:` is then not used either.
    public var notifies = true
    /// `notify:` targets from the configuration file, told as well as the runbook's own.
    public var notificationTargets: [NotificationTarget] = []
    /// How long and how often each delivery may try.
    public var notificationPolicy = NotificationDispatcher.Policy()
    /// How long the end of a run waits for deliveries still going before it stops them.
    public var notificationWait: Double = 5

    public init(
        mode: RunMode, operatorName: String = EngineOptions.currentOperator(),
        host: String = EngineOptions.currentHost(),
        toolVersion: String, processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        invocationDirectory: String = FileManager.default.currentDirectoryPath,
        outputHeadBytes: Int = 64 * 1024, outputTailBytes: Int = 64 * 1024, killGrace: Double = 5,
        terminal: TerminalSpec = TerminalSpec(), signalMonitor: SignalMonitor? = nil, startStep: String? = nil,
        selection: StepSelection = StepSelection(), preconfirmed: Bool = false, allowDestructive: Bool = false,
        temporaryDirectory: String? = nil, missingCapabilities: Set<String> = []
    ) {
        self.mode = mode
        self.operatorName = operatorName
        self.host = host
        self.toolVersion = toolVersion
        self.processEnvironment = processEnvironment
        self.invocationDirectory = invocationDirectory
        self.outputHeadBytes = outputHeadBytes
        self.outputTailBytes = outputTailBytes
        self.killGrace = killGrace
        self.terminal = terminal
        self.signalMonitor = signalMonitor
        self.startStep = startStep
        self.selection = selection
        self.preconfirmed = preconfirmed
        self.allowDestructive = allowDestructive
        self.temporaryDirectory = temporaryDirectory
        self.missingCapabilities = missingCapabilities
    }

    /// The capabilities `step` requires that this run declared missing, in the step's order.
    public func missing(for step: Step) -> [String] {
        step.requires.filter { missingCapabilities.contains($0) }
    }

    /// `RUNBOOK_OPERATOR`, else the login name.
    public static func currentOperator(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let name = environment["RUNBOOK_OPERATOR"], !name.isEmpty { return name }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? "unknown"
    }

    public static func currentHost() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
