import Foundation

/// Asks for one of a few choices by a single key; Enter picks the default. The legend shows
/// every key, the default in bold.
struct ChoicePrompt<Value> {
    enum Answer {
        case chosen(Value)
        case help
        case interrupt
        case signal(Int32)
    }

    let screen: Screen
    let keys: KeyReader

    /// - Parameter redrawKey: the choice Ctrl-L picks (the one that shows the screen again).
    func ask(_ choices: [Choice<Value>], defaultKey: Character, question: String = "", redrawKey: Character? = nil)
        -> Answer
    {
        screen.line(legend(choices, defaultKey: defaultKey))
        let prompt = (question.isEmpty ? "" : question + " ") + screen.style.bold(">") + " "
        screen.write(prompt)
        while true {
            switch keys.next() {
            case .enter:
                if let choice = choices.first(where: { $0.key == defaultKey }) {
                    screen.line(choice.label)
                    return .chosen(choice.value)
                }
            case .redraw:
                if let redrawKey, let choice = choices.first(where: { $0.key == redrawKey }) {
                    screen.line(choice.label)
                    return .chosen(choice.value)
                }
            case .character("?"), .character("h"):
                screen.line("help")
                return .help
            case .character(let character):
                if let choice = choices.first(where: { $0.key == character }) {
                    screen.line(choice.label)
                    return .chosen(choice.value)
                }
            case .interrupt, .endOfInput:
                screen.line("^C")
                return .interrupt
            case .signal(let number):
                screen.line("")
                return .signal(number)
            default:
                continue
            }
        }
    }

    /// `[r] run  [s] skip  …  [?] help` — wrapped to the screen.
    func legend(_ choices: [Choice<Value>], defaultKey: Character) -> String {
        let style = screen.style
        var items = choices.map { choice in
            let item = "[\(choice.key)] \(choice.label)"
            return choice.key == defaultKey ? style.bold(item) + style.dim(" (Enter)") : item
        }
        items.append(style.dim("[?] help"))
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for (item, plain) in zip(
            items, choices.map { "[\($0.key)] \($0.label)" + ($0.key == defaultKey ? " (Enter)" : "") } + ["[?] help"])
        {
            if currentWidth > 0, currentWidth + 2 + plain.count > screen.width - 2 {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            current += (currentWidth > 0 ? "  " : "") + item
            currentWidth += (currentWidth > 0 ? 2 : 0) + plain.count
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// The help text for these choices.
    func help(_ choices: [Choice<Value>], defaultKey: Character) -> String {
        var lines = choices.map {
            "  \($0.key)  \($0.label.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.help)"
        }
        lines.append("  Enter      the default (\(choices.first { $0.key == defaultKey }?.label ?? "none"))")
        lines.append("  ?          this help")
        return lines.joined(separator: "\n")
    }
}
