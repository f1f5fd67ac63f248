import Foundation

/// Writes to stdout and stderr without `print`'s per-call locking and flushing costs, and
/// without mixing the two: results go to stdout, diagnostics to stderr.
enum StandardStreams {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
