import Foundation

/// A command's own output, with anything from a file or a record made safe for the terminal.
enum StandardOutput {
    /// Writes text exactly as given (it carries its own newlines).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(SafeOutput.text(text, for: STDOUT_FILENO)))
    }

    /// `path` made absolute against the current directory, for what is run later from elsewhere.
    static func absolutePath(_ path: String) -> String {
        // A records URL (postgresql://…) is not a path.
        path.hasPrefix("/") || path.contains("://") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
