/// Separates the YAML front matter from the Markdown body.
///
/// cmark-gfm would read `---` … `---` as a thematic break and a setext heading, so the block is
/// cut off before cmark sees the text; the body keeps its original line numbers through
/// `bodyLineOffset`.
struct FrontMatterSplitter {
    struct Split {
        /// The YAML between the delimiters, or nil when the file has no front matter.
        var yaml: String?
        /// The Markdown after the closing delimiter (the whole text when there is none).
        var body: Substring
        /// How many lines precede the body in the file.
        var bodyLineOffset: Int
        /// True when an opening `---` was found but no closing `---` or `...`.
        var isUnterminated: Bool
    }

    static func split(_ text: String) -> Split {
        guard text.hasPrefix("---") else {
            return Split(yaml: nil, body: text[...], bodyLineOffset: 0, isUnterminated: false)
        }
        var lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard lines[0].trimmingTrailingSpaces() == "---", lines.count == 2 else {
            return Split(yaml: nil, body: text[...], bodyLineOffset: 0, isUnterminated: false)
        }
        var rest = lines.removeLast()
        var yamlLines: [Substring] = []
        var lineNumber = 1
        while true {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[rest.startIndex..<end]
            lineNumber += 1
            let trimmed = line.trimmingTrailingSpaces()
            if trimmed == "---" || trimmed == "..." {
                let bodyStart = end < rest.endIndex ? rest.index(after: end) : rest.endIndex
                return Split(
                    yaml: yamlLines.joined(separator: "\n"), body: text[bodyStart...],
                    bodyLineOffset: lineNumber, isUnterminated: false)
            }
            yamlLines.append(line)
            if end == rest.endIndex { break }
            rest = rest[rest.index(after: end)...]
        }
        // No closing delimiter: cmark reads it all as Markdown, which is how GitHub renders it.
        return Split(yaml: nil, body: text[...], bodyLineOffset: 0, isUnterminated: true)
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
