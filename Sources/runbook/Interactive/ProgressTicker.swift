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

    init(screen: Screen) { self.screen = screen }

    func start(_ label: String) {
        lock.lock()
        self.label = label
        started = Date()
        lastOutput = started
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

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        label = nil
        screen.clearProgress()
    }

    private func loop() {
        while true {
            usleep(120_000)
            lock.lock()
            defer { lock.unlock() }
            guard let label else { continue }
            let now = Date()
            frame += 1
            guard now.timeIntervalSince(lastOutput) >= 1 else { continue }
            let elapsed = Int(now.timeIntervalSince(started))
            let spinner = screen.symbols.spinner[frame % screen.symbols.spinner.count]
            let text = "\(spinner) \(label) \(screen.symbols.dot) \(DurationText.format(Double(elapsed))) \(screen.symbols.dot) Ctrl-C interrupts the step"
            screen.progress(screen.style.dim(TextLayout.truncate(text, screen.width - 1)))
        }
    }
}
