import RunbookDocument
import RunbookRecords

/// Compares what a step printed with its expected output (cram and doctest conventions).
///
/// - a line `...` matches any number of lines, none included;
/// - a line ending in ` (re)` is a regular expression that must match the whole line;
/// - any other line matches itself, trailing whitespace ignored on both sides.
///
/// Trailing empty lines and carriage returns (a terminal's line ends) are ignored. A mismatch
/// comes with a unified-style diff, expected lines as `-`, actual lines as `+`.
public struct OutputMatcher: Sendable {
    enum Pattern: @unchecked Sendable {
        case literal(String)
        case wildcard
        case regex(Regex<AnyRegexOutput>, source: String)
        /// A ` (re)` line that does not compile: compared literally, so the author sees it fail.
        case invalidRegex(String)

        func matches(_ line: String) -> Bool {
            switch self {
            case .literal(let text), .invalidRegex(let text): return text == line
            case .wildcard: return true
            case .regex(let regex, _): return (try? regex.wholeMatch(in: line)) != nil
            }
        }

        var display: String {
            switch self {
            case .literal(let text): text
            case .wildcard: "..."
            case .regex(_, let source): source + " (re)"
            case .invalidRegex(let text): text
            }
        }
    }

    let patterns: [Pattern]

    public init(expected: ExpectedOutput) { self.init(lines: expected.lines) }

    public init(lines: [String]) {
        patterns = lines.map { raw in
            let line = OutputMatcher.trimTrailing(raw)
            if line == "..." { return .wildcard }
            if line.hasSuffix(" (re)") {
                let source = String(line.dropLast(5))
                if let regex = try? Regex(source) { return .regex(regex, source: source) }
                return .invalidRegex(line)
            }
            return .literal(line)
        }
    }

    /// Compares `actual` output with the expected lines.
    public func match(_ actual: String) -> OutputMatch {
        var lines = actual.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { OutputMatcher.trimTrailing(String($0)) }
        while lines.last == "" { lines.removeLast() }
        // Alignment cost table: cost[i][j] = fewest unmatched lines aligning patterns[i...]
        // with lines[j...]. Quadratic, so bounded: outputs are capped and expected blocks short.
        let rows = patterns.count, columns = lines.count
        guard rows * columns <= 4_000_000 else {
            let matched = rows == columns && zip(patterns, lines).allSatisfy { $0.matches($1) }
            return OutputMatch(matched: matched, diff: matched ? nil : "--- expected\n+++ actual\n@@ output too long to compare line by line @@\n")
        }
        let width = columns + 1
        var cost = [Int](repeating: 0, count: (rows + 1) * width)
        var hits = [Bool](repeating: false, count: rows * max(columns, 1))
        for i in 0..<rows { for j in 0..<columns { hits[i * columns + j] = patterns[i].matches(lines[j]) } }
        for j in stride(from: columns, through: 0, by: -1) { cost[rows * width + j] = columns - j }
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns, through: 0, by: -1) {
                var best = cost[(i + 1) * width + j] + (isWildcard(i) ? 0 : 1)
                if j < columns {
                    best = min(best, cost[i * width + j + 1] + (isWildcard(i) ? 0 : 1))
                    if hits[i * columns + j] { best = min(best, cost[(i + 1) * width + j + 1]) }
                }
                cost[i * width + j] = best
            }
        }
        if cost[0] == 0 { return OutputMatch(matched: true) }

        var diffLines: [String] = []
        var i = 0, j = 0
        while i < rows || j < columns {
            let here = cost[i * width + j]
            if i < rows, j < columns, hits[i * columns + j], !isWildcard(i), cost[(i + 1) * width + j + 1] == here {
                diffLines.append(" " + lines[j]); i += 1; j += 1
            } else if i < rows, isWildcard(i), j < columns, cost[i * width + j + 1] == here {
                diffLines.append(" " + lines[j]); j += 1
            } else if i < rows, cost[(i + 1) * width + j] + (isWildcard(i) ? 0 : 1) == here {
                if !isWildcard(i) { diffLines.append("-" + patterns[i].display) }
                i += 1
            } else {
                diffLines.append("+" + lines[j]); j += 1
            }
        }
        return OutputMatch(matched: false, diff: "--- expected\n+++ actual\n" + OutputMatcher.collapse(diffLines).joined(separator: "\n") + "\n")
    }

    private func isWildcard(_ index: Int) -> Bool {
        if case .wildcard = patterns[index] { return true }
        return false
    }

    /// Keeps three lines of context around changes, like `diff -u`.
    static func collapse(_ lines: [String]) -> [String] {
        let changed = lines.indices.filter { !lines[$0].hasPrefix(" ") }
        var keep = Set<Int>()
        for index in changed { for near in max(0, index - 3)...min(lines.count - 1, index + 3) { keep.insert(near) } }
        var result: [String] = []
        var skipping = false
        for index in lines.indices {
            if keep.contains(index) {
                skipping = false
                result.append(lines[index])
            } else if !skipping {
                skipping = true
                result.append("@@ … @@")
            }
        }
        return result
    }

    private static func trimTrailing(_ line: String) -> String {
        var line = Substring(line)
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
        return String(line)
    }
}
