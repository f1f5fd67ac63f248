import Foundation
import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// Runs the hosts of a `parallel=N` step, up to N at once, each host's attempt on a thread of
/// its own with its own `ProcessRunner`.
///
/// Only the engine's thread records and shows: it records each host's start before that
/// host's thread starts, and each host's end (output, `step-finished`) when the thread hands
/// it back, so attempts are recorded in the order they end, through the one `RunRecorder`.
/// The threads pass their output on in whole lines, so hosts never interleave mid-line. A
/// signal (Ctrl-C, SIGTERM) goes to every host still running, and no further host starts;
/// a failure on one host stops nobody.
final class ParallelFanOut {
    private let executor: StepExecutor
    private let recorder: RunRecorder
    private let observer: (any RunObserver)?
    private let monitor: SignalMonitor?
    private let limit: Int
    private let mailbox = FanOutMailbox()

    init(
        executor: StepExecutor, recorder: RunRecorder, observer: (any RunObserver)?, monitor: SignalMonitor?,
        limit: Int
    ) {
        self.executor = executor
        self.recorder = recorder
        self.observer = observer
        self.monitor = monitor
        self.limit = max(1, limit)
    }

    /// Runs `hosts` in order, at most `limit` at once, the first with `attempt` and each next
    /// one with the next number. `plan` gives a host's attempt (nil `host` for `local`);
    /// `label` is what live output shows before its lines.
    /// - Returns: each host's result, in the order they ended.
    func run(
        _ hosts: [String], attempt: inout Int, session: inout SessionState, plan: (String) -> PlannedStep
    ) throws(EngineError) -> [StepResult] {
        var pending = hosts[...]
        var running: [Int: FanOutWorker] = [:]
        var results: [StepResult] = []
        var next = 0
        var stopping = false
        do {
            while true {
                while !stopping, running.count < limit, let host = pending.first {
                    pending = pending.dropFirst()
                    if next > 0 { attempt += 1 }
                    let planned = plan(host)
                    switch try executor.begin(planned, attempt: attempt, session: session, recorder: recorder) {
                    case .ended(let result):
                        results.append(result)
                    case .ready(let run):
                        let (runner, relay) = executor.takeSpareRunner()
                        let worker = FanOutWorker(
                            id: next, label: host, run: run, runner: runner, relay: relay, mailbox: mailbox)
                        running[next] = worker
                        worker.start()
                    }
                    next += 1
                }
                if running.isEmpty { break }
                if let signal = waitForNews() {
                    // Every host's group gets it, as a step running here would; a second
                    // Ctrl-C reaches them all the same way and kills them.
                    stopping = true
                    for worker in running.values { worker.relay.deliver(signal) }
                }
                for message in mailbox.take() {
                    switch message {
                    case .output(let id, let stream, let bytes):
                        guard let worker = running[id] else { continue }
                        bytes.withUnsafeBytes {
                            observer?.output($0, stream: stream, stepID: worker.run.planned.step.id, host: worker.label)
                        }
                    case .ended(let id):
                        guard let worker = running.removeValue(forKey: id) else { continue }
                        executor.returnSpareRunner(worker.runner, worker.relay)
                        results.append(try executor.complete(worker.run, session: &session, recorder: recorder))
                    }
                }
            }
        } catch {
            // The records failed: nothing may run on that nobody records.
            for worker in running.values { worker.relay.deliver(SIGKILL) }
            while !running.isEmpty {
                _ = waitForNews()
                for case .ended(let id) in mailbox.take() { running[id] = nil }
            }
            throw error
        }
        return results
    }

    /// Waits until a host's thread has news or a signal arrived; the signal, if one did.
    private func waitForNews() -> Int32? {
        var polled = [pollfd(fd: mailbox.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        if let wake = monitor?.wakeDescriptor, wake >= 0 {
            polled.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0))
        }
        if !mailbox.hasMessages, monitor?.hasPendingSignal != true {
            _ = poll(&polled, nfds_t(polled.count), 1000)
        }
        return monitor?.takePendingSignal()
    }
}
