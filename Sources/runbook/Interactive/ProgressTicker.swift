import Foundation
import RunbookKit

/// Redraws a spinner line with the elapsed time while a step runs silently, so a long step
/// never looks hung. Output from the step erases the line; after a second of silence it comes
/// back.
final class ProgressTicker: @unchecked Sendable {
    private let screen: Screen
    private let lock = NSLock()
    private var label: String?
    private var started = Date()
    private var lastOutput = Date()
    private var frame = 0
    private var threadStarted = false
    /// Where Ctrl-C is counted, and the seconds the engine waits before it kills a step that
    /// ignores it (`--kill-grace`): the ticker acknowledges the Ctrl-C at once and says when
    /// the step is killed.
    private let monitor: SignalMonitor?
    var killGrace = 5.0
    private var interruptsAtStart = 0
    private var firstInterrupt: Date?
    private var killAnnounced = false

    init(screen: Screen, monitor: SignalMonitor? = nil) {
        self.screen = screen
        self.monitor = monitor
    }

    func start(_ label: String) {
        lock.lock()
        self.label = label
        started = Date()
        lastOutput = started
        interruptsAtStart = monitor?.interruptsReceived ?? 0
        firstInterrupt = nil
        killAnnounced = false
        let launch = !threadStarted
        threadStarted = true
        lock.unlock()
        if launch { Thread.detachNewThread { [self] in loop() } }
    }

    /// Step output arrived: keep the spinner away for a second.
    func noteOutput() {
        lock.lock()
        lastOutput = Date()
        lock.unlock()
    }

    /// - Parameter killed: the step ended by SIGKILL (its record says so): after a Ctrl-C not
    ///   yet followed by word of the kill, the kill is said now (it often lands between ticks).
    func stop(killed: Bool = false) {
        lock.lock()
        defer { lock.unlock() }
        if label != nil, firstInterrupt != nil, !killAnnounced, killed {
            let again = (monitor?.interruptsReceived ?? 0) - interruptsAtStart > 1
            killAnnounced = true
            let grace = DurationText.format(killGrace)
            screen.line(
                screen.style.yellow(
                    again
                        ? "\(screen.symbols.warning) Ctrl-C again: killing the step (SIGKILL) now."
                        : "\(screen.symbols.warning) The step ignored Ctrl-C for \(grace): killing it (SIGKILL)."))
        }
        label = nil
        screen.clearProgress()
    }

    /// Says at once that a Ctrl-C is being acted on, and when the step is killed: by a second
    /// Ctrl-C, or because it did not end within the grace period.
    private func acknowledgeInterrupts(_ now: Date) {
        let count = (monitor?.interruptsReceived ?? 0) - interruptsAtStart
        guard count > 0, !killAnnounced else { return }
        let style = screen.style, grace = DurationText.format(killGrace)
        if firstInterrupt == nil {
            firstInterrupt = now
            screen.line(
                style.yellow(
                    "\(screen.symbols.warning) Stopping: Ctrl-C passed to the step. It is killed in \(grace) if it does not end; Ctrl-C again kills it now."
                ))
        } else if count > 1 {
            killAnnounced = true
            screen.line(style.yellow("\(screen.symbols.warning) Ctrl-C again: killing the step (SIGKILL) now."))
        } else if let first = firstInterrupt, now.timeIntervalSince(first) >= killGrace {
            killAnnounced = true
            screen.line(
                style.yellow("\(screen.symbols.warning) The step ignored Ctrl-C for \(grace): killing it (SIGKILL)."))
        }
    }

    private func loop() {
        while true {
            usleep(120_000)
            lock.lock()
            defer { lock.unlock() }
            guard let label else { continue }
            let now = Date()
            acknowledgeInterrupts(now)
            frame += 1
            guard now.timeIntervalSince(lastOutput) >= 1 else { continue }
            let elapsed = Int(now.timeIntervalSince(started))
            let spinner = screen.symbols.spinner[frame % screen.symbols.spinner.count]
            let text =
                "\(spinner) \(label) \(screen.symbols.dot) \(DurationText.format(Double(elapsed))) \(screen.symbols.dot) Ctrl-C interrupts the step"
            screen.progress(screen.style.dim(TextLayout.truncate(text, screen.width - 1)))
        }
    }
}
