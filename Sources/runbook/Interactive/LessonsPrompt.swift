import Foundation

/// Asks for lessons learned, several lines, ended by an empty one; nothing is fine too.
struct LessonsPrompt {
    let driver: InteractiveDriver

    func ask() -> [String] {
        let screen = driver.screen
        screen.line(screen.style.bold("Lessons learned?") + " What should the runbook say next time?")
        screen.line(screen.style.dim("Several lines are fine; an empty line finishes (nothing at all is fine too)."))
        var lines: [String] = []
        while true {
            switch driver.lineEditor.read(prompt: screen.style.dim("  > ")) {
            case .line(let text):
                if text.trimmingCharacters(in: .whitespaces).isEmpty {
                    return lines.isEmpty ? [] : [lines.joined(separator: "\n")]
                }
                lines.append(text)
            case .cancelled, .signal:
                return lines.isEmpty ? [] : [lines.joined(separator: "\n")]
            }
        }
    }
}
