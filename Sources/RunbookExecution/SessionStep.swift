import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// A step forked by one of the run's sessions (`ShellSession`, `RemoteShellSession`): its
/// group, the descriptors its output comes through, and its end as the session reports it.
struct SessionStep: RunningStep {
    let pid: Int32
    private(set) var outputs: [ChildProcess.Output]
    private let paths: [String]
    private let session: any StepSession
    private(set) var exitCode: Int32?
    private(set) var terminatingSignal: Int32?
    private var reaped = false
    /// Signals runbook sent the group: the session reports a step killed by signal N as
    /// status 128+N, as a shell does, which is also what `exit 128+N` gives; only a signal
    /// runbook sent is read as one.
    private var sent: Set<Int32> = []

    init(pid: Int32, outputs: [ChildProcess.Output], paths: [String], session: any StepSession) {
        self.pid = pid
        self.outputs = outputs
        self.paths = paths
        self.session = session
    }

    /// A step whose session ended before it reported the step's pid: it ran (or may have),
    /// it has no group left to signal, and its end has no status.
    init(endedWithoutReport outputs: [ChildProcess.Output], paths: [String], session: any StepSession) {
        self.init(pid: -1, outputs: outputs, paths: paths, session: session)
        reaped = true
    }

    var exitDescriptor: Int32 { reaped ? -1 : session.replyDescriptor }
    var isRemote: Bool { session.isRemote }
    var inputDescriptor: Int32? { nil }

    mutating func reapIfExited() -> Bool {
        if !reaped { take(session.readLine(blocking: false)) }
        return reaped
    }

    mutating func waitForExit() {
        while !reaped { take(session.readLine(blocking: true)) }
    }

    private mutating func take(_ line: String?) {
        guard let line else {
            // No complete answer yet, or the session ended: then nobody will report the step.
            if !session.isAlive { finish(status: nil) }
            return
        }
        guard line.first == "S", let status = Int32(line.dropFirst()) else { return }
        finish(status: status)
    }

    private mutating func finish(status: Int32?) {
        reaped = true
        guard let status else { return }
        if status > 128, sent.contains(status - 128) || (status == 128 + SIGKILL && !sent.isEmpty) {
            terminatingSignal = status - 128
        } else {
            exitCode = status
        }
    }

    mutating func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
        outputs.removeAll { $0.descriptor == descriptor }
    }

    func forwardInput(buffer: UnsafeMutableRawPointer, capacity: Int) {}

    mutating func signal(_ signal: Int32) {
        guard pid > 0 else { return }
        sent.insert(signal)
        session.signal(group: pid, signal)
    }

    mutating func killAndReapIfRunning() {
        for output in outputs { _ = Glibc.close(output.descriptor) }
        outputs.removeAll()
        for path in paths { _ = unlink(path) }
        guard !reaped else { return }
        signal(SIGKILL)
        waitForExit()
    }
}
