/// The marks the screens use; plain ASCII on a `TERM=dumb` terminal.
struct Symbols: Sendable {
    let ok, failed, warning, arrow, bullet, rule, gutter, dot: String
    let spinner: [String]

    init(unicode: Bool) {
        if unicode {
            (ok, failed, warning, arrow, bullet, rule, gutter, dot) = ("✓", "✗", "⚠", "▶", "•", "─", "│", "·")
            spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        } else {
            (ok, failed, warning, arrow, bullet, rule, gutter, dot) = ("ok", "FAIL", "!", ">", "*", "-", "|", "-")
            spinner = ["|", "/", "-", "\\"]
        }
    }
}
