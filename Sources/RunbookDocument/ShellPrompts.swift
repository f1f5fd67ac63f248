/// `$ ` prompts pasted into a shell block, removed the way Runme removes them.
///
/// Nobody writing `$ make` in a `bash` block means to run a command named `$`: the prompt is
/// copied from a terminal. Each line whose first non-blank characters are `$ ` (or a lone `$`)
/// loses the prompt; every other line is kept as written, so commands without a prompt and the
/// bodies of here-documents survive (a body line is never touched, even one starting with `$ `).
/// Line count is unchanged, so file line numbers still hold.
public enum ShellPrompts {
    /// The block's text without its prompts, and per line how many characters were removed
    /// after the indentation (2 for `$ `, 1 for a lone `$`, else 0).
    public struct Stripped: Hashable, Sendable {
        public var text: String
        public var removed: [Int]
        /// True when at least one prompt was removed.
        public var hadPrompts: Bool { removed.contains { $0 > 0 } }
    }

    public static func strip(_ code: String) -> Stripped {
        var lines: [Substring] = []
        var removed: [Int] = []
        var heredocEnds: [(word: String, allowsTabs: Bool)] = []
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            if let pending = heredocEnds.first {
                lines.append(line)
                removed.append(0)
                let candidate = pending.allowsTabs ? line.drop { $0 == "\t" } : line
                if candidate == pending.word { heredocEnds.removeFirst() }
                continue
            }
            let indentation = line.prefix { $0 == " " || $0 == "\t" }
            let rest = line.dropFirst(indentation.count)
            var kept = line
            var cut = 0
            if rest == "$" {
                kept = indentation
                cut = 1
            } else if rest.hasPrefix("$ ") {
                kept = line[..<rest.startIndex] + rest.dropFirst(2)
                cut = 2
            }
            lines.append(kept)
            removed.append(cut)
            heredocEnds += hereDocumentEnds(in: kept)
        }
        guard removed.contains(where: { $0 > 0 }) else { return Stripped(text: code, removed: removed) }
        return Stripped(text: lines.joined(separator: "\n"), removed: removed)
    }

    /// The delimiters of the here-documents a command line opens (`<<EOF`, `<<-'END'`,
    /// `<< "X"`), in order; a here-string (`<<<`) opens none.
    static func hereDocumentEnds(in line: Substring) -> [(word: String, allowsTabs: Bool)] {
        var ends: [(String, Bool)] = []
        var rest = line[...]
        var quote: Character?
        var previous: Character = " "
        while let character = rest.first {
            rest = rest.dropFirst()
            defer { previous = character }
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" { quote = character; continue }
            if character == "#", previous == " " || previous == "\t" { break }
            guard character == "<", rest.first == "<" else { continue }
            rest = rest.dropFirst()
            if rest.first == "<" {
                rest = rest.dropFirst()
                continue
            }
            var allowsTabs = false
            if rest.first == "-" {
                allowsTabs = true
                rest = rest.dropFirst()
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            var word = ""
            while let next = rest.first, !" \t;|&<>()".contains(next) {
                if next != "'" && next != "\"" && next != "\\" { word.append(next) }
                rest = rest.dropFirst()
            }
            if !word.isEmpty { ends.append((word, allowsTabs)) }
        }
        return ends
    }
}
