/// Separates the front matter from the Markdown body.
///
/// cmark-gfm would read `---` … `---` as a thematic break and a setext heading, so the block is
/// cut off before cmark sees the text; the body keeps its original line numbers through
/// `bodyLineOffset`.
///
/// The forms Runme (and Hugo) accept: YAML between `---` lines (closed by `---` or `...`), TOML
/// between `+++` lines, JSON between `;;;` lines, or a JSON object whose `{` and `}` stand alone
/// on the first line and a later one. JSON is YAML already; TOML is turned into YAML line for
/// line (`TOMLFrontMatter`), so one decoder reads all three and its lines are the file's.
struct FrontMatterSplitter {
    struct Split {
        /// The front matter as YAML, or nil when the file has none.
        var yaml: String?
        /// Lines of the file before the first line of `yaml`.
        var yamlLineOffset: Int
        /// Where the Markdown body starts in the bytes (0 when there is no front matter).
        var bodyStart: Int
        /// How many lines precede the body in the file.
        var bodyLineOffset: Int
        /// True when an opening delimiter was found but no closing one.
        var isUnterminated: Bool
        /// Why TOML front matter could not be read, when it could not.
        var problem: (line: Int, message: String)?
        /// True for the `{` … `}` form, which a Markdown file may also start with by chance.
        var isBareJSONObject = false
    }

    private enum Format {
        case yaml, toml, json, jsonObject
    }

    static func split(_ bytes: [UInt8]) -> Split {
        let none = Split(yaml: nil, yamlLineOffset: 0, bodyStart: 0, bodyLineOffset: 0, isUnterminated: false)
        guard let firstEnd = lineEnd(in: bytes, from: 0) else { return none }
        let format: Format
        if isDelimiter(bytes, 0, firstEnd, mark: 0x2D) {
            format = .yaml
        } else if isDelimiter(bytes, 0, firstEnd, mark: 0x2B) {
            format = .toml
        } else if isDelimiter(bytes, 0, firstEnd, mark: 0x3B) {
            format = .json
        } else if isAlone(bytes, 0, firstEnd, 0x7B) {
            format = .jsonObject
        } else {
            return none
        }
        var lineStart = firstEnd + 1
        var lineNumber = 1
        while lineStart <= bytes.count {
            lineNumber += 1
            let end = lineEnd(in: bytes, from: lineStart) ?? bytes.count
            if closes(format, bytes, lineStart, end) {
                let bodyStart = min(end + 1, bytes.count)
                switch format {
                case .jsonObject:
                    // The braces are part of the object: the text is lines 1 … lineNumber.
                    let text = String(decoding: bytes[0..<end], as: UTF8.self)
                    var split = Split(
                        yaml: text, yamlLineOffset: 0, bodyStart: bodyStart, bodyLineOffset: lineNumber,
                        isUnterminated: false)
                    split.isBareJSONObject = true
                    return split
                case .yaml, .json, .toml:
                    let textEnd = max(firstEnd + 1, lineStart - 1)
                    let text = String(decoding: bytes[(firstEnd + 1)..<textEnd], as: UTF8.self)
                    var split = Split(
                        yaml: text, yamlLineOffset: 1, bodyStart: bodyStart, bodyLineOffset: lineNumber,
                        isUnterminated: false)
                    if format == .toml {
                        switch TOMLFrontMatter.yaml(from: text) {
                        case .success(let yaml): split.yaml = yaml
                        case .failure(let failure):
                            split.yaml = nil
                            // The TOML's first line (0) is the file's line 2, after `+++`.
                            split.problem = (failure.line + 2, failure.message)
                        }
                    }
                    return split
                }
            }
            if end == bytes.count { break }
            lineStart = end + 1
        }
        // No closing delimiter: cmark reads it all as Markdown, which is how GitHub renders it.
        // A lone `{` that is never closed is just text, not an unterminated front matter.
        return Split(
            yaml: nil, yamlLineOffset: 0, bodyStart: 0, bodyLineOffset: 0, isUnterminated: format != .jsonObject)
    }

    private static func closes(_ format: Format, _ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        switch format {
        case .yaml: isDelimiter(bytes, start, end, mark: 0x2D) || isDelimiter(bytes, start, end, mark: 0x2E)
        case .toml: isDelimiter(bytes, start, end, mark: 0x2B)
        case .json: isDelimiter(bytes, start, end, mark: 0x3B)
        case .jsonObject: isAlone(bytes, start, end, 0x7D)
        }
    }

    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count || start == 0 else { return nil }
        var index = start
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        return index
    }

    /// Three `mark` bytes (`---`, `...`, `+++`, `;;;`) followed only by spaces or tabs.
    private static func isDelimiter(_ bytes: [UInt8], _ start: Int, _ end: Int, mark: UInt8) -> Bool {
        guard end - start >= 3, bytes[start] == mark, bytes[start + 1] == mark, bytes[start + 2] == mark else {
            return false
        }
        return bytes[(start + 3)..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// `byte` alone on the line, spaces or tabs after it.
    private static func isAlone(_ bytes: [UInt8], _ start: Int, _ end: Int, _ byte: UInt8) -> Bool {
        guard end > start, bytes[start] == byte else { return false }
        return bytes[(start + 1)..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
