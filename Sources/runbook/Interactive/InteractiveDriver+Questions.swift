import Foundation
import RunbookKit

/// The small questions every screen asks: a line of text, a yes or no, the last output again.
extension InteractiveDriver {
    /// Reads one line; `nil` when the operator backed out (or an empty answer was required).
    func askLine(_ question: String, required: Bool) -> String? {
        switch lineEditor.read(prompt: question) {
        case .line(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if required, trimmed.isEmpty {
                screen.line(screen.style.dim("Nothing entered; back to the choices."))
                return nil
            }
            return trimmed
        case .cancelled, .signal:
            return nil
        }
    }

    /// A y/N (or Y/n) question answered by one key.
    func askYesNo(_ question: String, defaultYes: Bool = false) -> Bool {
        screen.write(screen.fitted(question + (defaultYes ? " [Y/n]" : " [y/N]")) + " ")
        while true {
            switch keys.next() {
            case .character("y"), .character("Y"):
                screen.line("yes")
                return true
            case .character("n"), .character("N"), .interrupt, .escape, .endOfInput, .signal:
                screen.line("no")
                return false
            case .enter:
                screen.line(defaultYes ? "yes" : "no")
                return defaultYes
            default:
                continue
            }
        }
    }

    func showLastOutput() {
        guard let last = lastOutput else {
            screen.line(screen.style.dim("No step has run yet."))
            return
        }
        screen.line(screen.style.bold("Output of \(last.title):"))
        if last.outputs.isEmpty { screen.line(screen.style.dim("  (no output)")) }
        for output in last.outputs {
            let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines.suffix(200) where !(line.isEmpty && line.endIndex == output.text.endIndex) {
                let mark =
                    output.stream == .stderr
                    ? screen.style.yellow(screen.symbols.errorGutter) : screen.style.dim(screen.symbols.gutter)
                screen.line(mark + " " + (output.stream == .stderr ? screen.style.yellow(String(line)) : String(line)))
            }
        }
    }
}
