import Foundation

/// Quoting for text shown to be pasted into a shell.
enum ShellQuoting {
    /// True when `value` means the same bare, in double quotes, or anywhere in a word.
    static func isSafeBare(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                || "_-./:@%+=,".utf8.contains(byte)
        }
    }

    /// `value` as one shell word: bare when safe, else in single quotes.
    static func quote(_ value: String) -> String {
        isSafeBare(value) ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
