import RunbookRecords

/// A step's process as `ProcessRunner` watches it: spawned by runbook (`ChildProcess`) or
/// forked by the run's shell session (`SessionStep`).
protocol RunningStep {
    /// The step's pid, which is also its process group.
    var pid: Int32 { get }
    /// The descriptors its output is read from.
    var outputs: [ChildProcess.Output] { get }
    /// Polls readable when the step may have ended; -1 when there is none to poll.
    var exitDescriptor: Int32 { get }
    /// The operator's input forwarded to a terminal step.
    var inputDescriptor: Int32? { get }
    var exitCode: Int32? { get }
    var terminatingSignal: Int32? { get }

    /// Notes the end of the step if it has ended; true once it has.
    mutating func reapIfExited() -> Bool
    /// Blocks until the step has ended.
    mutating func waitForExit()
    mutating func close(_ descriptor: Int32)
    func forwardInput(buffer: UnsafeMutableRawPointer, capacity: Int)
    /// Sends `signal` to the step's whole group.
    mutating func signal(_ signal: Int32)
    /// The exit path of last resort: kill the whole group and wait for its end.
    mutating func killAndReapIfRunning()
    /// True when the step runs on another host: its pid is not a process here, so local
    /// checks and signals must leave it alone.
    var isRemote: Bool { get }
}

extension RunningStep {
    var isRemote: Bool { false }
}
