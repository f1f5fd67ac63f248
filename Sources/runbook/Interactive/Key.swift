/// One key press as the driver understands it.
enum Key: Equatable {
    case character(Character)
    case enter
    case backspace
    case delete
    case escape
    case interrupt // Ctrl-C
    case endOfInput // Ctrl-D, or the terminal went away
    case clearLine // Ctrl-U
    case redraw // Ctrl-L
    case left, right, home, end
    case up, down
    case tab
    /// A signal (SIGTERM, SIGHUP, SIGINT from outside) arrived while waiting.
    case signal(Int32)
}
