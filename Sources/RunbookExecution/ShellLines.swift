/// Which lines of a command start a new command and which continue the one before (after a
/// trailing `\`, `|`, `&&` or `||`, inside a here-document or an open quote): a plan shows the
/// `$ ` prompt only where a command starts, as the operator would have typed it.
public enum ShellLines {
    /// For each line of `command` (split at newlines, a final newline ignored), whether it
    /// continues the previous one.
    public static func continuations(in command: String) -> [Bool] {
        var lines = command.split(separator: "\n", omittingEmptySubsequences: false)
        if command.hasSuffix("\n") { lines.removeLast() }
        var result: [Bool] = []
        var continues = false
        var heredocEnd: String?
        var openQuote: Character?
        for line in lines {
            result.append(continues)
            if let end = heredocEnd {
                if line.drop(while: { $0 == "\t" }) == end { heredocEnd = nil }
                continues = true
                if heredocEnd == nil { continues = false }
                continue
            }
            for character in line {
                if let quote = openQuote {
                    if character == quote { openQuote = nil }
                } else if character == "'" || character == "\"" {
                    openQuote = character
                }
            }
            if openQuote == nil, let range = line.range(of: "<<"), !line[range.upperBound...].hasPrefix("<") {
                heredocEnd = String(
                    line[range.upperBound...].drop { $0 == "-" || $0 == " " || $0 == "'" || $0 == "\"" }
                        .prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                if heredocEnd?.isEmpty == true { heredocEnd = nil }
            }
            let trimmed = line.reversed().drop { $0 == " " || $0 == "\t" }
            let end = String(trimmed.prefix(2).reversed())
            continues =
                heredocEnd != nil || openQuote != nil || end.hasSuffix("\\") || end.hasSuffix("|") || end == "&&"
        }
        return result
    }

    /// The `$NAME` / `${NAME}` references in a command, in order of first appearance.
    public static func variableReferences(in command: String) -> [String] {
        var names: [String] = []
        let scalars = Array(command.unicodeScalars)
        var index = 0
        func isNameScalar(_ s: Unicode.Scalar, first: Bool) -> Bool {
            s == "_" || (s.isASCII && (s.properties.isAlphabetic || (!first && ("0"..."9").contains(s))))
        }
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "$", index + 1 < scalars.count else { continue }
            var start = index + 1
            if scalars[start] == "{" { start += 1 }
            var end = start
            while end < scalars.count, isNameScalar(scalars[end], first: end == start) { end += 1 }
            guard end > start else { continue }
            let name = String(String.UnicodeScalarView(scalars[start..<end]))
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
