/// Where a `cd` in a step's command leaves the shell, read from the text without running it:
/// a run is one shell session, so a later step starts there. A best effort for `--dry-run`:
/// only a plain `cd DIR` (alone on a line, or before `&&` or `;`) with a literal path or known
/// variables is followed; anything else makes the directory unknown rather than wrong.
public enum DirectoryGuess {
    /// What a command's `cd`s lead to.
    public enum Outcome: Sendable, Hashable {
        /// No `cd` at the top of a line: the directory does not change.
        case unchanged
        case changed(to: String)
        /// A `cd` whose target is not known before the run (`cd -`, a command substitution,
        /// an unknown variable).
        case unknown
    }

    /// Follows the `cd`s in `command` from `directory`, expanding `$NAME`/`${NAME}` from
    /// `variables` and `~` from `home`.
    public static func after(_ command: String, from directory: String, variables: [String: String], home: String?)
        -> Outcome
    {
        var current = directory
        var changed = false
        var heredocEnd: String?
        for rawLine in command.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if let end = heredocEnd {
                if line == end { heredocEnd = nil }
                continue
            }
            heredocEnd = heredocTerminator(in: String(line))
            for clause in clauses(of: line) {
                let words = clause.split(separator: " ", omittingEmptySubsequences: true)
                guard let first = words.first, first == "cd" || first == "pushd" else { continue }
                guard words.count <= 2 else { return .unknown }
                guard words.count == 2 else {
                    guard let home else { return .unknown }
                    current = home
                    changed = true
                    continue
                }
                guard let target = expand(String(words[1]), variables: variables, home: home) else { return .unknown }
                current = resolve(target, against: current)
                changed = true
            }
        }
        return changed ? .changed(to: current) : .unchanged
    }

    /// The simple commands of a line split at `&&`, `;` and `||` (not inside quotes).
    private static func clauses(of line: Substring) -> [Substring] {
        var clauses: [Substring] = []
        var start = line.startIndex, index = line.startIndex
        var quote: Character?
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#" && (index == line.startIndex || line[line.index(before: index)] == " ") {
                break
            } else if character == ";"
                || (character == "&" || character == "|") && line[line.index(after: index)...].first == character
            {
                clauses.append(line[start..<index])
                index = line.index(index, offsetBy: character == ";" ? 1 : 2)
                start = index
                continue
            }
            index = line.index(after: index)
        }
        clauses.append(line[start..<index])
        return clauses.map { $0.drop { $0 == " " || $0 == "\t" } }
    }

    private static func heredocTerminator(in line: String) -> String? {
        guard let range = line.range(of: "<<") else { return nil }
        var rest = line[range.upperBound...].drop { $0 == "-" || $0 == " " }
        if rest.first == "<" { return nil } // a here-string
        rest = rest.drop { $0 == "'" || $0 == "\"" }
        let word = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return word.isEmpty ? nil : String(word)
    }

    /// The target with quotes removed and variables replaced; nil when it depends on
    /// something only the run knows.
    private static func expand(_ word: String, variables: [String: String], home: String?) -> String? {
        var text = word
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            text = String(text.dropFirst().dropLast())
        }
        if text == "-" || text.contains("$(") || text.contains("`") || text.contains("*") { return nil }
        if text == "~" || text.hasPrefix("~/") {
            guard let home else { return nil }
            text = home + text.dropFirst()
        }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == "$" else {
                out.append(text[index])
                index = text.index(after: index)
                continue
            }
            var nameStart = text.index(after: index)
            let braced = nameStart < text.endIndex && text[nameStart] == "{"
            if braced { nameStart = text.index(after: nameStart) }
            let name = text[nameStart...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !name.isEmpty, let value = variables[String(name)], !value.hasPrefix("[secret:") else { return nil }
            out += value
            index = name.endIndex
            if braced {
                guard index < text.endIndex, text[index] == "}" else { return nil }
                index = text.index(after: index)
            }
        }
        return out
    }

    private static func resolve(_ path: String, against directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
