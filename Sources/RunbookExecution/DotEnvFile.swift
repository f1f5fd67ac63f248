import Foundation

/// A `.env` file as Runme (and docker compose, and dotenv) read it: `NAME=value` lines.
///
/// Values are data, never shell: nothing is expanded or run, so a value holding `$(…)` reaches
/// the steps as those characters. Accepted: `export NAME=value`, `#` comments and blank lines,
/// values in single quotes (taken literally) or double quotes (with `\n`, `\"` and `\\`
/// escapes), and an unquoted value's trailing ` # comment`. Lines that are none of these are
/// ignored, as dotenv ignores them.
enum DotEnvFile {
    /// The assignments in the file at `path`, in order; none when it is missing or unreadable.
    static func read(_ path: String) -> [(name: String, value: String)] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return parse(String(decoding: data, as: UTF8.self))
    }

    static func parse(_ text: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        for rawLine in text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            var line = rawLine.drop { $0 == " " || $0 == "\t" }
            if line.first == "#" || line.isEmpty { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " || $0 == "\t" } }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[..<equals]).trimmingCharacters(in: .whitespaces)
            guard SessionState.isShellName(name) else { continue }
            result.append((name, value(line[line.index(after: equals)...].drop { $0 == " " || $0 == "\t" })))
        }
        return result
    }

    private static func value(_ raw: Substring) -> String {
        guard let quote = raw.first, quote == "'" || quote == "\"" else {
            var text = raw
            if let comment = text.range(of: " #") { text = text[..<comment.lowerBound] }
            return String(text).trimmingCharacters(in: .whitespaces)
        }
        var result = ""
        var rest = raw.dropFirst()
        while let character = rest.first {
            rest = rest.dropFirst()
            if character == quote { return result }
            if quote == "\"", character == "\\", let next = rest.first {
                rest = rest.dropFirst()
                switch next {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(next)
                }
                continue
            }
            result.append(character)
        }
        // An unclosed quote: dotenv keeps the text as written.
        return String(raw)
    }
}
