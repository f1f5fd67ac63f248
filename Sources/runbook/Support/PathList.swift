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
        return lines(of: String(decoding: data, as: UTF8.self))
    }

    /// The non-empty lines of `text`, split where `Character.isNewline` would split (LF, VT, FF,
    /// CR, CRLF, NEL, U+2028, U+2029), found on the UTF-8 bytes: splitting ten thousand paths by
    /// Character took longer than a tenth of the parsing, before any worker could start.
    /// Each of these is a Character of its own (CRLF aside, which is two separators and an
    /// empty line here), so the lines are the same.
    static func lines(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var lines: [String] = []
            var start = 0
            var index = 0
            func endLine(separatorLength: Int) {
                if index > start {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
                index += separatorLength
                start = index
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x0A && byte <= 0x0D {
                    endLine(separatorLength: 1)
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                    endLine(separatorLength: 2)
                } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                {
                    endLine(separatorLength: 3)
                } else {
                    index += 1
                }
            }
            endLine(separatorLength: 0)
            return lines
        }
    }
}
