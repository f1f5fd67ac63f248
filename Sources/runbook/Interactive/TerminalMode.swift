#if canImport(Glibc)
import Glibc
#endif

/// The three ways the interactive driver uses the terminal.
enum TerminalMode {
    /// As the operator had it (line editing and echo by the kernel): while `$EDITOR` runs.
    case original
    /// Key by key, no echo, Ctrl-C as a key: while the driver waits for an answer.
    case keys
    /// No echo and no line buffering, but Ctrl-C raises SIGINT: while a step runs, so that
    /// Ctrl-C interrupts the step (the engine forwards it to the step's process group) and
    /// keys typed meanwhile do not scribble over the output.
    case running

    /// Applies the mode to `descriptor`.
    func apply(to descriptor: Int32) {
        var settings = TerminalGuard.original
        switch self {
        case .original:
            break
        case .keys:
            settings.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
            settings.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR)
            withUnsafeMutableBytes(of: &settings.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
            }
        case .running:
            settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
            settings.c_lflag |= tcflag_t(ISIG)
            withUnsafeMutableBytes(of: &settings.c_cc) { cc in
                cc[Int(VMIN)] = 1
                cc[Int(VTIME)] = 0
                cc[Int(VSUSP)] = 0 // no Ctrl-Z: a stopped runbook would leave the step unattended
            }
        }
        tcsetattr(descriptor, TCSADRAIN, &settings)
    }
}
