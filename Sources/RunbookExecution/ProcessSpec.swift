import RunbookRecords

/// What to start for a step and under which limits.
public struct ProcessSpec: Sendable {
    /// Program name or path, looked up on PATH.
    public var executable: String
    /// Full argv, `argv[0]` included.
    public var arguments: [String]
    public var environment: [String: String]
    /// Seconds before the group gets SIGTERM.
    public var timeout: Double?
    /// Seconds between SIGTERM (or a forwarded signal) and SIGKILL.
    public var killGrace: Double
    /// Run on a pseudo-terminal instead of pipes (`interactive` blocks).
    public var terminal: TerminalSpec?

    public init(
        executable: String, arguments: [String], environment: [String: String],
        timeout: Double? = nil, killGrace: Double = 5, terminal: TerminalSpec? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.killGrace = killGrace
        self.terminal = terminal
    }
}

/// The pseudo-terminal an interactive step gets.
public struct TerminalSpec: Sendable {
    public var rows: UInt16
    public var columns: UInt16
    /// A descriptor whose bytes are typed into the terminal (the operator's stdin); `nil`
    /// gives the step no input.
    public var inputDescriptor: Int32?

    public init(rows: UInt16 = 24, columns: UInt16 = 80, inputDescriptor: Int32? = nil) {
        self.rows = rows
        self.columns = columns
        self.inputDescriptor = inputDescriptor
    }
}

/// How a step's process ended.
public struct ProcessOutcome: Sendable, Hashable {
    /// The step's pid, which is also its process group id.
    public var pid: Int32
    /// Exit status when it exited.
    public var exitCode: Int32?
    /// The signal that ended it, when one did.
    public var signal: Int32?
    /// It ran past its timeout and was stopped.
    public var timedOut: Bool
    /// The engine was interrupted by this signal while the step ran; the step was stopped.
    public var interruptSignal: Int32?
    public var durationSeconds: Double
    /// The step ran on another host: `pid` is that host's.
    public var isRemote = false
}

/// A step's process could not be started.
public struct ProcessStartError: Error, Hashable, Sendable, CustomStringConvertible {
    public var executable: String
    public var code: Int32
    public var description: String {
        "cannot start '\(executable)': \(String(cString: strerror(code)))"
    }
}

#if canImport(Glibc)
import Glibc
#endif
