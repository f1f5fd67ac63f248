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

    /// The width listings and screens are laid out in: `COLUMNS` when it holds a number (the
    /// operator's or the shell's word wins), else the terminal's width, else 80. A width below
    /// 20 is taken as 20: narrower, not even an id and a status fit on a line.
    static func width(of descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Int
    {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)), columns > 0
        {
            return max(20, columns)
        }
        return max(20, columns(of: descriptor) ?? 80)
    }
}
