import Foundation
import RunbookBytes
import RunbookKit

/// Where the interactive driver writes: the terminal, through one lock, since the progress
/// line is redrawn from a ticker thread while step output streams from the engine's thread.
final class Screen: @unchecked Sendable {
    let descriptor: Int32
    let style: TextStyle
    let symbols: Symbols
    private let lock = NSLock()
    /// The progress line is on screen (and must be erased before anything else is written).
    private var progressShown = false
    /// Step output keeps its colours, never a sequence that retitles, clears or moves; one
    /// filter for the stream, since a sequence can be cut between two reads.
    private var liveOutput = TerminalText(mode: .liveOutput)

    init(descriptor: Int32 = STDOUT_FILENO, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.descriptor = descriptor
        style = TextStyle.forDescriptor(descriptor, environment: environment)
        symbols = Symbols(unicode: environment["TERM"] != "dumb")
    }

    /// Columns to lay text out in: the terminal's width, at most 100, at least 40.
    var width: Int {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return max(40, min(100, Int(size.ws_col)))
    }

    /// Writes text as given (it carries its own newlines).
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        eraseProgress()
        emit(TerminalText.filtered(Array(text.utf8), mode: .screen))
    }

    func line(_ text: String = "") { write(text + "\n") }

    /// Writes step output, its colours kept and any other sequence made visible.
    func write(bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        eraseProgress()
        emit(liveOutput.filter(bytes))
    }

    /// Writes the output of a step that runs on the terminal (`interactive=true`) untouched: a
    /// full-screen program the operator is using needs its cursor movements.
    func writeInteractive(bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        eraseProgress()
        emit(bytes)
    }

    /// Shows `text` on the bottom line, replacing the previous progress line.
    func progress(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        emit(TerminalText.filtered(Array(("\r\u{1B}[K" + text).utf8), mode: .screen))
        progressShown = true
    }

    func clearProgress() {
        lock.lock()
        defer { lock.unlock() }
        eraseProgress()
    }

    private func eraseProgress() {
        guard progressShown else { return }
        progressShown = false
        emit(Array("\r\u{1B}[K".utf8))
    }

    private func emit(_ bytes: [UInt8]) {
        DescriptorOutput.writeAll(bytes, to: descriptor)
    }
}
