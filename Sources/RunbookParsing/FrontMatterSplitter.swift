/// Separates the YAML front matter from the Markdown body.
///
/// cmark-gfm would read `---` … `---` as a thematic break and a setext heading, so the block is
/// cut off before cmark sees the text; the body keeps its original line numbers through
/// `bodyLineOffset`.
struct FrontMatterSplitter {
    struct Split {
        /// The YAML between the delimiters, or nil when the file has no front matter.
        var yaml: String?
        /// Where the Markdown body starts in the bytes (0 when there is no front matter).
        var bodyStart: Int
        /// How many lines precede the body in the file.
        var bodyLineOffset: Int
        /// True when an opening `---` was found but no closing `---` or `...`.
        var isUnterminated: Bool
    }

    static func split(_ bytes: [UInt8]) -> Split {
        let none = Split(yaml: nil, bodyStart: 0, bodyLineOffset: 0, isUnterminated: false)
        guard let firstEnd = lineEnd(in: bytes, from: 0), isDelimiter(bytes, 0, firstEnd, dash: true) else { return none }
        var lineStart = firstEnd + 1
        var lineNumber = 1
        while lineStart <= bytes.count {
            lineNumber += 1
            let end = lineEnd(in: bytes, from: lineStart) ?? bytes.count
            if isDelimiter(bytes, lineStart, end, dash: true) || isDelimiter(bytes, lineStart, end, dash: false) {
                let yamlEnd = max(firstEnd + 1, lineStart - 1)
                let yaml = String(decoding: bytes[(firstEnd + 1)..<yamlEnd], as: UTF8.self)
                return Split(yaml: yaml, bodyStart: min(end + 1, bytes.count), bodyLineOffset: lineNumber, isUnterminated: false)
            }
            if end == bytes.count { break }
            lineStart = end + 1
        }
        // No closing delimiter: cmark reads it all as Markdown, which is how GitHub renders it.
        return Split(yaml: nil, bodyStart: 0, bodyLineOffset: 0, isUnterminated: true)
    }

    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count || start == 0 else { return nil }
        var index = start
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        return index
    }

    /// `---` (or `...` when `dash` is false) followed only by spaces or tabs.
    private static func isDelimiter(_ bytes: [UInt8], _ start: Int, _ end: Int, dash: Bool) -> Bool {
        let mark: UInt8 = dash ? 0x2D : 0x2E
        guard end - start >= 3, bytes[start] == mark, bytes[start + 1] == mark, bytes[start + 2] == mark else { return false }
        return bytes[(start + 3)..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
