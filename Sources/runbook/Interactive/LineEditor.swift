import Foundation

/// Reads one line in `TerminalMode.keys`: typing, Backspace/Delete, Left/Right, Home/End
/// (Ctrl-A/Ctrl-E), Ctrl-U to clear. Used for reasons, notes, confirmation phrases, variable
/// values, lessons and the inline command edit (prefilled with the text to change).
struct LineEditor {
    enum Echo {
        case visible
        /// Secrets: nothing typed reaches the screen.
        case hidden
    }

    /// How the line ended.
    enum Result: Equatable {
        case line(String)
        /// Esc or Ctrl-D: the operator backed out.
        case cancelled
        /// A signal arrived, or Ctrl-C was typed (read as SIGINT: the operator wants to stop,
        /// which a prompt for a variable answers differently from backing out).
        case signal(Int32)
    }

    let screen: Screen
    let keys: KeyReader

    func read(prompt: String, prefill: String = "", echo: Echo = .visible) -> Result {
        var text = Array(prefill)
        var cursor = text.count
        screen.write(prompt)
        if echo == .visible { screen.write(String(text)) }
        while true {
            let key = keys.next()
            switch key {
            case .enter:
                screen.write("\n")
                return .line(String(text))
            case .interrupt:
                screen.write("^C\n")
                return .signal(SIGINT)
            case .escape, .endOfInput:
                screen.write("\n")
                return .cancelled
            case .signal(let number):
                screen.write("\n")
                return .signal(number)
            case .character(let character):
                text.insert(character, at: cursor)
                cursor += 1
            case .backspace where cursor > 0:
                cursor -= 1
                text.remove(at: cursor)
            case .delete where cursor < text.count:
                text.remove(at: cursor)
            case .left where cursor > 0: cursor -= 1
            case .right where cursor < text.count: cursor += 1
            case .home: cursor = 0
            case .end: cursor = text.count
            case .clearLine:
                text.removeAll()
                cursor = 0
            default:
                continue
            }
            if echo == .visible { redraw(prompt: prompt, text: text, cursor: cursor) }
        }
    }

    /// Rewrites the line and puts the cursor back where it belongs.
    private func redraw(prompt: String, text: [Character], cursor: Int) {
        var output = "\r\u{1B}[K" + prompt + String(text)
        let back = text.count - cursor
        if back > 0 { output += "\u{1B}[\(back)D" }
        screen.write(output)
    }
}
