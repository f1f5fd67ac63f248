#if canImport(Glibc)
import Glibc
#endif

/// A long-lived shell that runs a run's steps one after the other: the local bash
/// (`ShellSession`) or one on another host over ssh (`RemoteShellSession`). `SessionStep`
/// watches a step through it.
protocol StepSession: AnyObject {
    /// Polls readable when the session answers; -1 once it has ended.
    var replyDescriptor: Int32 { get }
    /// False once the session has ended.
    var isAlive: Bool { get }
    /// True when the steps run on another machine: their pids mean nothing here.
    var isRemote: Bool { get }
    /// The next line the session answered, without its newline; nil when none is complete
    /// yet (`blocking` false) or the session has ended.
    func readLine(blocking: Bool) -> String?
    /// Starts a step: the shell wrapper (`console` false) or the console wrapper with
    /// `arguments`, `$0` set to `name` and `padding` blank lines before the step's text.
    func start(console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int)
        throws(ProcessStartError) -> SessionStep
    /// Sends `signal` to the step's process group `group`.
    func signal(group: Int32, _ signal: Int32)
}

extension ShellSession: StepSession {
    var isRemote: Bool { false }

    func signal(group: Int32, _ signal: Int32) {
        ProcessGroup.signal(group, signal)
    }
}
