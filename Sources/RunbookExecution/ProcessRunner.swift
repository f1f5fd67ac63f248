import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// Runs one step's process in its own process group and streams its output while it runs.
///
/// Output goes to `onOutput` in chunks of at most `bufferSize` bytes as it arrives; the runner
/// keeps nothing, so a step printing gigabytes costs a fixed buffer. A timeout sends SIGTERM to
/// the whole group, then SIGKILL after the grace period; a signal caught by `SignalMonitor`
/// (Ctrl-C, SIGTERM) is forwarded to the group the same way. Whatever path leaves `run`, the
/// group's leader is reaped, and on a timeout or interrupt nothing of the group stays alive.
public final class ProcessRunner {
    /// Bytes read per read(2); also what the pipes are enlarged to, so a fast writer is not
    /// woken for every 64 KiB.
    public var bufferSize = 1 << 20
    /// After the step's main process exits, how long to keep reading output a background
    /// process still holds open before giving up on it.
    public var drainIdleSeconds = 0.1
    private let monitor: (any InterruptSource)?
    /// Ends the running step's group if this process dies; started with the first step.
    private lazy var reaper: OrphanReaper? = OrphanReaper()
    private let buffer: UnsafeMutableRawPointer
    private let bufferCapacity: Int

    /// - Parameter monitor: where interrupts come from; `nil` stops steps only on timeouts.
    public convenience init(monitor: SignalMonitor? = nil) {
        self.init(interrupts: monitor)
    }

    /// - Parameter interrupts: where interrupts come from (a fan-out's relay for one of its hosts).
    init(interrupts: (any InterruptSource)?) {
        self.monitor = interrupts
        bufferCapacity = 1 << 20
        buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferCapacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Starts `spec` and returns when its main process has ended and its output is read.
    public func run(
        _ spec: ProcessSpec, onOutput: (OutputStreamKind, UnsafeRawBufferPointer) -> Void
    ) throws(ProcessStartError) -> ProcessOutcome {
        let started = Clock.now()
        var child = try ChildProcess.spawn(spec, pipeSize: bufferSize)
        return supervise(&child, spec: spec, started: started, onOutput: onOutput)
    }

    /// Starts a step in `session` (`StepScript.sessionLoop`) and returns when it has ended
    /// and its output is read; `spec` gives the limits (its executable and arguments are the
    /// session's business).
    func run(
        _ spec: ProcessSpec, in session: any StepSession, console: Bool, name: String, padding: Int,
        arguments: [String],
        onOutput: (OutputStreamKind, UnsafeRawBufferPointer) -> Void
    ) throws(ProcessStartError) -> ProcessOutcome {
        let started = Clock.now()
        var child = try session.start(
            console: console, name: name, padding: padding, arguments: arguments, pipeSize: bufferSize)
        return supervise(&child, spec: spec, started: started, onOutput: onOutput)
    }

    /// Watches `child`, a step its session started already (forked ahead, then handed its
    /// request at `started`), until it has ended and its output is read.
    func run(
        _ spec: ProcessSpec, started child: SessionStep, at started: Double,
        onOutput: (OutputStreamKind, UnsafeRawBufferPointer) -> Void
    ) -> ProcessOutcome {
        var child = child
        return supervise(&child, spec: spec, started: started, onOutput: onOutput)
    }

    private func supervise<Step: RunningStep>(
        _ child: inout Step, spec: ProcessSpec, started: Double,
        onOutput: (OutputStreamKind, UnsafeRawBufferPointer) -> Void
    ) -> ProcessOutcome {
        // The reaper ends local groups; a remote step's group is ended by its session's
        // watcher when the connection goes, and its pid means nothing here.
        let reaper = child.isRemote ? nil : self.reaper
        reaper?.watch(child.pid)
        // Whatever happens below (a throwing observer, a crash in a callback), never leave the
        // group running unattended.
        defer {
            child.killAndReapIfRunning()
            reaper?.release()
        }

        var open = child.outputs
        let deadline = spec.timeout.map { started + $0 }
        var timedOut = false
        var interrupt: Int32?
        var stopSentAt: Double?
        var killed = false
        var exitedAt: Double?
        var lastData = started
        let chunk = min(bufferSize, bufferCapacity)

        while true {
            if exitedAt == nil, child.reapIfExited() { exitedAt = Clock.now() }
            let now = Clock.now()
            if let exited = exitedAt {
                if open.isEmpty { break }
                if now - max(exited, lastData) >= drainIdleSeconds { break }
            }
            if exitedAt == nil, let deadline, !timedOut, now >= deadline {
                timedOut = true
                child.signal(SIGTERM)
                stopSentAt = now
            }
            if let signalNumber = monitor?.takePendingSignal() {
                // A second Ctrl-C while waiting for the grace period means "now".
                let escalate = interrupt != nil
                interrupt = signalNumber
                child.signal(escalate ? SIGKILL : signalNumber)
                killed = killed || escalate
                stopSentAt = stopSentAt ?? now
            }
            if let sent = stopSentAt, !killed, now - sent >= spec.killGrace {
                child.signal(SIGKILL)
                killed = true
            }

            var timeout = -1.0
            func limit(_ seconds: Double) { timeout = timeout < 0 ? max(0, seconds) : min(timeout, max(0, seconds)) }
            if let exited = exitedAt { limit(drainIdleSeconds - (now - max(exited, lastData))) }
            if exitedAt == nil, let deadline, !timedOut { limit(deadline - now) }
            if let sent = stopSentAt, !killed { limit(spec.killGrace - (now - sent)) }
            if exitedAt == nil, child.exitDescriptor < 0 { limit(open.isEmpty ? 0.002 : 0.05) }

            var polled: [pollfd] = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            if exitedAt == nil, child.exitDescriptor >= 0 {
                polled.append(pollfd(fd: child.exitDescriptor, events: Int16(POLLIN), revents: 0))
            }
            if let wake = monitor?.wakeDescriptor, wake >= 0 {
                polled.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
            }
            if let input = child.inputDescriptor { polled.append(pollfd(fd: input, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = timeout < 0 ? -1 : Int32(min(timeout * 1000 + 0.999, 60_000))
            let ready = poll(&polled, nfds_t(polled.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }

            var index = 0
            while index < open.count {
                let entry = open[index]
                guard polled[index].revents != 0 else { index += 1; continue }
                let count = read(entry.descriptor, buffer, chunk)
                if count > 0 {
                    lastData = Clock.now()
                    onOutput(entry.stream, UnsafeRawBufferPointer(start: buffer, count: count))
                    index += 1
                } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                    index += 1
                } else {
                    // EOF, or EIO from a terminal whose last slave closed.
                    child.close(entry.descriptor)
                    open.remove(at: index)
                    polled.remove(at: index)
                }
            }
            if let input = child.inputDescriptor, let entry = polled.last, entry.fd == input, entry.revents != 0 {
                child.forwardInput(buffer: buffer, capacity: chunk)
            }
        }

        for entry in open { child.close(entry.descriptor) }
        if exitedAt == nil { child.waitForExit() }
        if (timedOut || interrupt != nil) && !child.isRemote {
            let remaining = stopSentAt.map { max(0, spec.killGrace - (Clock.now() - $0)) } ?? spec.killGrace
            ProcessGroup.ensureGone(child.pid, within: killed ? 0 : remaining)
        }
        return ProcessOutcome(
            pid: child.pid, exitCode: child.exitCode, signal: child.terminatingSignal, timedOut: timedOut,
            interruptSignal: interrupt, durationSeconds: Clock.now() - started, isRemote: child.isRemote)
    }
}
