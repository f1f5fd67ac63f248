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

    private let environment: [String: String]

    init(descriptor: Int32 = STDOUT_FILENO, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.descriptor = descriptor
        self.environment = environment
        style = TextStyle.forDescriptor(descriptor, environment: environment)
        symbols = Symbols(unicode: environment["TERM"] != "dumb")
    }

    /// Columns to lay text out in: `COLUMNS`, else the terminal's width, else 80 (see
    /// `TerminalSize.width`); read each time, since the window may be resized during a run.
    var width: Int { TerminalSize.width(of: descriptor, environment: environment) }

    /// Writes text as given (it carries its own newlines).
    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        eraseProgress()
        emit(TerminalText.filtered(Array(text.utf8), mode: .screen))
    }

    /// Writes a line of the screen's own text, wrapped at word boundaries to the width (later
    /// lines indented as the first) so the terminal never breaks a word. Commands are laid out
    /// by their caller, with continuation marks, before they get here.
    func line(_ text: String = "") { write(fitted(text) + "\n") }

    /// `text` with each of its lines wider than the screen wrapped at word boundaries; a word
    /// wider than the whole screen (a long path) is broken where the terminal would break it.
    /// Later lines are indented as the first, or past its number in a numbered list.
    func fitted(_ text: String) -> String {
        let width = self.width
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { part -> String in
            guard TextLayout.visibleWidth(String(part)) > width else { return String(part) }
            let indent = String(part.prefix { $0 == " " })
            var hanging = indent
            let afterIndent = part.dropFirst(indent.count)
            let number = afterIndent.prefix { $0.isNumber }
            if !number.isEmpty, afterIndent.dropFirst(number.count).hasPrefix(". ") {
                hanging = String(repeating: " ", count: indent.count + number.count + 2)
            }
            let lines = WordWrap.lines(String(afterIndent), width: width - indent.count, breakLongWords: true) {
                TextLayout.visibleWidth(String($0))
            }
            return lines.enumerated().map { index, line in index == 0 ? indent + line : hanging + line }.joined(
                separator: "\n")
        }.joined(separator: "\n")
    }

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
