import Foundation
import RunbookKit

/// Asks for the confirmation a step needs before it runs: y/N for `confirm=true` and
/// `destructive=true`, the exact phrase (or the variable's value) for `confirm="…"`. A wrong
/// phrase is said so and asked again; an empty answer or Esc declines.
struct ConfirmationPrompt {
    let driver: InteractiveDriver

    func ask(_ request: ConfirmationRequest) -> ConfirmationAnswer {
        let screen = driver.screen, style = screen.style
        let step = request.step.step
        switch request.requirement {
        case .manual:
            return .yes // choosing "done" was the confirmation
        case .yesNo, .destructive:
            let warning = step.isDestructive ? style.red(style.bold("\(screen.symbols.warning) destructive")) + " " : ""
            return driver.askYesNo(warning + "Run \(step.title)?") ? .yes : .declined
        case .phrase(let phrase):
            return askTyped(expected: phrase, shown: "“\(phrase)”", echo: .visible)
        case .variable(let name, let masked):
            if masked { return askTyped(expected: nil, shown: "the value of \(name) (hidden)", echo: .hidden) }
            let value = request.step.variables[name]
            return askTyped(
                expected: value, shown: value.map { "\(name) (“\($0)”)" } ?? "the value of \(name)", echo: .visible)
        }
    }

    /// Asks until the text matches (or the operator gives up). With no `expected` (a secret),
    /// the engine does the comparing.
    private func askTyped(expected: String?, shown: String, echo: LineEditor.Echo) -> ConfirmationAnswer {
        let screen = driver.screen, style = screen.style
        screen.line("To run it, type \(shown). " + style.dim("Empty or Esc: do not run it."))
        while true {
            switch driver.lineEditor.read(prompt: style.bold("confirm> "), echo: echo) {
            case .line(let text):
                if text.isEmpty { return .declined }
                guard let expected else { return .typed(text) }
                if text == expected { return .typed(text) }
                if text.trimmingCharacters(in: .whitespaces) == expected.trimmingCharacters(in: .whitespaces) {
                    screen.line(
                        style.red("\(screen.symbols.failed) Almost: only the spaces at the ends differ from \(shown).")
                            + " Type it exactly, or press Enter to cancel.")
                    continue
                }
                screen.line(
                    style.red("\(screen.symbols.failed) That is not \(shown).")
                        + " Try again, or press Enter to cancel.")
            case .cancelled, .signal:
                return .declined
            }
        }
    }
}
