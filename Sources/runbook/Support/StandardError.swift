import Foundation

/// Messages for the operator that are not the command's output.
enum StandardError {
    static func write(_ line: String) {
        writeRaw(line + "\n")
    }

    /// Writes text exactly as given (it carries its own newlines).
    static func writeRaw(_ text: String) {
        FileHandle.standardError.write(Data(SafeOutput.text(text, for: STDERR_FILENO)))
    }
}
