import ArgumentParser
import Foundation

/// Reads paths one per line from a file or standard input (`-`), for file lists too long for a
/// command line, as `tar -T` and `rsync --files-from` do.
enum PathList {
    static func read(_ source: String?) throws -> [String] {
        guard let source else { return [] }
        let data: Data
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: source) else {
                throw ValidationError("Cannot read the list of paths in '\(source)'.")
            }
            data = contents
        }
        return String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map(String.init)
            .filter { !$0.isEmpty }
    }
}
