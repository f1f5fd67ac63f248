import Foundation

/// The size of the terminal behind a file descriptor.
enum TerminalSize {
    /// Columns, or nil when the descriptor is not a terminal (a pipe or a file).
    static func columns(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
