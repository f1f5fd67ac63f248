import RunbookKit

/// Asks for a variable's value: the description, the current value as the default (Enter keeps
/// it), the pattern enforced before the answer is taken, secrets read without echo.
struct VariablePrompt {
    let driver: InteractiveDriver

    /// How the prompt ended.
    enum Answer: Equatable {
        case value(String)
        /// Esc or Ctrl-D: the operator backed out.
        case cancelled
        /// Ctrl-C or a signal: the operator stopped the run before it started.
        case interrupted
    }

    func ask(_ variable: Variable, current: String?) -> Answer {
        let screen = driver.screen, style = screen.style
        let hint = [variable.description, variable.pattern.map { "pattern \($0)" }].compactMap { $0 }.joined(
            separator: "; ")
        for line in TextLayout.wrap("\(variable.name): \(hint)", width: screen.width - 2, indent: "  ")
        where !hint.isEmpty {
            screen.line(style.dim(line))
        }
        let shownDefault = current.map { variable.isSecret ? " [keep the given value]" : " [\($0)]" } ?? ""
        while true {
            let prompt = "  " + style.bold(variable.name) + shownDefault + (variable.isSecret ? " (hidden)" : "") + ": "
            switch driver.lineEditor.read(prompt: prompt, echo: variable.isSecret ? .hidden : .visible) {
            case .line(let text):
                let value = text.isEmpty ? current : text
                guard let value else {
                    screen.line(style.red("  A value is needed for \(variable.name)."))
                    continue
                }
                if let pattern = variable.pattern, let compiled = try? VariablePattern(pattern),
                    !compiled.wholeMatches(value)
                {
                    let shown = variable.isSecret ? "The value" : "“\(value)”"
                    screen.line(style.red("  \(shown) does not match \(pattern); try again."))
                    continue
                }
                return .value(value)
            case .cancelled:
                return .cancelled
            case .signal:
                return .interrupted
            }
        }
    }
}
