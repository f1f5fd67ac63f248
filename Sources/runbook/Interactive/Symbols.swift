/// The marks the screens use; plain ASCII on a `TERM=dumb` terminal.
struct Symbols: Sendable {
    let ok, failed, warning, arrow, bullet, rule, gutter, dot: String
    /// Starts the rest of a command line too long for the screen: never `>` or `$`, which
    /// would read as the input prompt or as a line of its own.
    let continuation: String
    /// The gutter before a line a step wrote to stderr (`gutter` is stdout's).
    let errorGutter: String
    /// A skipped step in a checklist.
    let skipped: String
    let spinner: [String]

    init(unicode: Bool) {
        if unicode {
            (ok, failed, warning, arrow, bullet, rule, gutter, dot) = ("✓", "✗", "⚠", "▶", "•", "─", "│", "·")
            continuation = "↪"
            errorGutter = "┆"
            skipped = "↷"
            spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        } else {
            (ok, failed, warning, arrow, bullet, rule, gutter, dot) = ("ok", "FAIL", "!", ">", "*", "-", "|", "-")
            continuation = "..."
            errorGutter = "!"
            skipped = "~"
            spinner = ["|", "/", "-", "\\"]
        }
    }
}
