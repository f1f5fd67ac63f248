import RunbookDocument
import RunbookRecords

/// Compares what a command printed with its expected output, line by line, the way cram does,
/// plus runbook's `...` (docs/format.md has the table):
///
/// - a line `...` matches any number of lines, none included;
/// - a line ending in ` (re)` is a regular expression for one whole line, ` (glob)` a pattern
///   where `*` is any text and `?` one character, ` (esc)` a line with `\xNN`-style escapes;
/// - ` (no-eol)` marks a last line printed without a line feed;
/// - any line first matches an output line equal to it as written (cram's literal fallback);
///   otherwise the line must equal the output line exactly, white space included;
/// - `$NAME` in a literal or ` (glob)` line stands for a declared variable's value.
///
/// stdout and stderr are read as one output interleaved line by line in whatever order lets
/// the expected lines match, since the order two pipes are read in is not the order they were
/// written in. A mismatch comes with a unified-style diff, expected lines as `-`, actual lines
/// as `+` (bytes that are not printable UTF-8 shown escaped, as an ` (esc)` line).
public struct OutputMatcher: Sendable {
    let patterns: [OutputPattern]

    /// `variables` are the runbook's declared variables as a step sees them (secrets as
    /// `[secret:NAME]`, the way redacted output shows them): `$NAME` and `${NAME}` in literal
    /// and ` (glob)` lines stand for their values.
    public init(expected: ExpectedOutput, variables: [String: String] = [:]) {
        self.init(lines: expected.lines, variables: variables)
    }

    public init(lines: [String], variables: [String: String] = [:]) {
        patterns = lines.map { OutputPattern($0, variables: variables) }
    }

    /// Compares `actual` (one stream) with the expected lines.
    public func match(_ actual: String) -> OutputMatch {
        match(PrintedOutput(stdout: Array(actual.utf8)))
    }

    /// Compares what a command printed with the expected lines. With `stdoutAlone`, stdout by
    /// itself is accepted too (an ```` ```output ```` block often shows only the result).
    public func match(_ printed: PrintedOutput, stdoutAlone: Bool = false) -> OutputMatch {
        let out = OutputLine.split(printed.stdout), err = OutputLine.split(printed.stderr)
        if stdoutAlone, matches(out, []) { return OutputMatch(matched: true) }
        if matches(out, err) { return OutputMatch(matched: true) }
        let shown = printed.combined.map(OutputLine.split) ?? (out + err)
        // The order the engine read the streams in is one interleaving, and the one still
        // tried when the outputs are too long to try them all.
        if !err.isEmpty, printed.combined != nil, matches(shown, []) { return OutputMatch(matched: true) }
        return OutputMatch(matched: false, diff: diff(against: shown))
    }

    /// True when some interleaving of `out` and `err` lines (each kept in its order) matches.
    /// reach[i][j][k]: patterns[i...] match out[j...] interleaved with err[k...].
    private func matches(_ out: [OutputLine], _ err: [OutputLine]) -> Bool {
        let rows = patterns.count, outCount = out.count, errCount = err.count
        let planes = (outCount + 1) * (errCount + 1)
        guard (rows + 1) * planes <= 4_000_000 else {
            // Too many combinations to try every interleaving: stdout then stderr, and past
            // that, line for line.
            if errCount > 0 { return matches(out + err, []) }
            return rows == outCount && zip(patterns, out).allSatisfy { $0.matches($1) }
        }
        let outHits = patterns.map { pattern in out.map(pattern.matches) }
        let errHits = patterns.map { pattern in err.map(pattern.matches) }
        func index(_ i: Int, _ j: Int, _ k: Int) -> Int { i * planes + j * (errCount + 1) + k }
        var reach = [Bool](repeating: false, count: (rows + 1) * planes)
        reach[index(rows, outCount, errCount)] = true
        for i in stride(from: rows, through: 0, by: -1) {
            for j in stride(from: outCount, through: 0, by: -1) {
                for k in stride(from: errCount, through: 0, by: -1) where i < rows {
                    let ok: Bool
                    if patterns[i].isWildcard {
                        ok =
                            reach[index(i + 1, j, k)]
                            || (j < outCount && reach[index(i, j + 1, k)])
                            || (k < errCount && reach[index(i, j, k + 1)])
                    } else {
                        ok =
                            (j < outCount && outHits[i][j] && reach[index(i + 1, j + 1, k)])
                            || (k < errCount && errHits[i][k] && reach[index(i + 1, j, k + 1)])
                    }
                    reach[index(i, j, k)] = ok
                }
            }
        }
        return reach[0]
    }

    /// The cheapest alignment of the patterns with `lines` as a diff: cost[i][j] is the fewest
    /// unmatched lines aligning patterns[i...] with lines[j...]. Quadratic, so bounded.
    private func diff(against lines: [OutputLine]) -> String {
        let rows = patterns.count, columns = lines.count
        guard rows * columns <= 4_000_000 else {
            return "--- expected\n+++ actual\n@@ output too long to compare line by line @@\n"
        }
        let width = columns + 1
        var cost = [Int](repeating: 0, count: (rows + 1) * width)
        var hits = [Bool](repeating: false, count: rows * max(columns, 1))
        for i in 0..<rows { for j in 0..<columns { hits[i * columns + j] = patterns[i].matches(lines[j]) } }
        func step(_ i: Int) -> Int { patterns[i].isWildcard ? 0 : 1 }
        for j in stride(from: columns, through: 0, by: -1) { cost[rows * width + j] = columns - j }
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns, through: 0, by: -1) {
                var best = cost[(i + 1) * width + j] + step(i)
                if j < columns {
                    best = min(best, cost[i * width + j + 1] + step(i))
                    if hits[i * columns + j] { best = min(best, cost[(i + 1) * width + j + 1]) }
                }
                cost[i * width + j] = best
            }
        }
        var diffLines: [String] = []
        var i = 0, j = 0
        while i < rows || j < columns {
            let here = cost[i * width + j]
            if i < rows, j < columns, hits[i * columns + j], !patterns[i].isWildcard,
                cost[(i + 1) * width + j + 1] == here
            {
                diffLines.append(" " + lines[j].display); i += 1; j += 1
            } else if i < rows, patterns[i].isWildcard, j < columns, cost[i * width + j + 1] == here {
                diffLines.append(" " + lines[j].display); j += 1
            } else if i < rows, cost[(i + 1) * width + j] + step(i) == here {
                if !patterns[i].isWildcard { diffLines.append("-" + patterns[i].display) }
                i += 1
            } else {
                diffLines.append("+" + lines[j].display); j += 1
            }
        }
        return "--- expected\n+++ actual\n" + OutputMatcher.collapse(diffLines).joined(separator: "\n") + "\n"
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
}

/// What a command printed, as bytes, for `OutputMatcher`.
public struct PrintedOutput: Sendable, Hashable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// Both streams in the order the engine read them, for showing a diff; nil: stdout then stderr.
    public var combined: [UInt8]?

    public init(stdout: [UInt8], stderr: [UInt8] = [], combined: [UInt8]? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.combined = combined
    }
}
