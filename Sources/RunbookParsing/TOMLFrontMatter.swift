/// TOML front matter (`+++` … `+++`, Hugo's and Runme's other form) rewritten as YAML, line for
/// line, so the one front-matter decoder reads it and every location stays the file's.
///
/// The TOML that front matter uses is read: `key = value` with strings, numbers, booleans,
/// dates and one-line arrays, comments, and one level of `[table]` (Runme's `[runme]`). A
/// value TOML and YAML spell alike is copied as written. Other TOML (multi-line strings or
/// arrays, inline tables, nested tables) is refused with the line, never guessed at.
enum TOMLFrontMatter {
    struct Failure: Error {
        /// 0-based line within the TOML text.
        var line: Int
        var message: String
    }

    static func yaml(from toml: String) -> Result<String, Failure> {
        var lines: [String] = []
        var inTable = false
        for (index, raw) in toml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") {
                lines.append(line)
                continue
            }
            if line.hasPrefix("[") {
                guard !line.hasPrefix("[["), line.hasSuffix("]") else {
                    return .failure(Failure(line: index, message: "arrays of tables are not supported"))
                }
                let name = line.dropFirst().dropLast().trimmingWhitespace()
                guard isBareKey(name) else {
                    return .failure(Failure(line: index, message: "only one level of [table] is supported"))
                }
                lines.append(name + ":")
                inTable = true
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                return .failure(Failure(line: index, message: "'\(line)' is not a key = value line"))
            }
            var key = line[..<equals].trimmingWhitespace()
            if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") {
                key = String(key.dropFirst().dropLast())
            }
            guard isBareKey(key) else {
                return .failure(
                    Failure(line: index, message: "the key '\(key)' is not supported (dotted keys are not)"))
            }
            let value = line[line.index(after: equals)...].trimmingWhitespace()
            guard !value.isEmpty, !value.hasPrefix("\"\"\""), !value.hasPrefix("'''"), !value.hasPrefix("{"),
                !value.hasPrefix("[") || value.hasSuffix("]") || value.contains("] #") || value.contains("]#")
            else {
                return .failure(
                    Failure(
                        line: index,
                        message: "the value of '\(key)' is multi-line or an inline table, which is not supported"))
            }
            lines.append((inTable ? "  " : "") + key + ": " + value)
        }
        return .success(lines.joined(separator: "\n"))
    }

    private static func isBareKey(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
