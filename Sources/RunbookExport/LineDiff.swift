/// Unified diffs of text by lines, as `diff -u` writes them: for an edited command in an export
/// and for the patch `runbook amend` proposes.
public enum LineDiff {
    private enum Operation: Equatable { case same(String), removed(String), added(String) }

    /// The hunks (`@@ -a,b +c,d @@` and their lines) turning `old` into `new`, with `context`
    /// lines around each change; empty when the texts are equal.
    public static func hunks(_ old: String, _ new: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        let operations = diff(a, b)
        guard operations.contains(where: { if case .same = $0 { false } else { true } }) else { return "" }
        // Positions of each operation in the old and new files (1-based line numbers).
        var output = ""
        var oldLine = 1, newLine = 1
        var positions: [(old: Int, new: Int)] = []
        for operation in operations {
            positions.append((oldLine, newLine))
            switch operation {
            case .same: oldLine += 1; newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        let changed = operations.indices.filter { if case .same = operations[$0] { false } else { true } }
        var groups: [ClosedRange<Int>] = []
        for position in changed {
            let low = max(0, position - context), high = min(operations.count - 1, position + context)
            if let last = groups.last, low <= last.upperBound + 1 {
                groups[groups.count - 1] = last.lowerBound...max(last.upperBound, high)
            } else {
                groups.append(low...high)
            }
        }
        for group in groups {
            var oldCount = 0, newCount = 0
            var body = ""
            for position in group {
                switch operations[position] {
                case .same(let line): body += " " + line + "\n"; oldCount += 1; newCount += 1
                case .removed(let line): body += "-" + line + "\n"; oldCount += 1
                case .added(let line): body += "+" + line + "\n"; newCount += 1
                }
            }
            let start = positions[group.lowerBound]
            let oldStart = oldCount == 0 ? start.old - 1 : start.old
            let newStart = newCount == 0 ? start.new - 1 : start.new
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n" + body
        }
        return output
    }

    /// A whole unified diff with `---`/`+++` headers; empty when the texts are equal.
    public static func unified(_ old: String, _ new: String, oldName: String, newName: String, context: Int = 3)
        -> String
    {
        let body = hunks(old, new, context: context)
        return body.isEmpty ? "" : "--- \(oldName)\n+++ \(newName)\n" + body
    }

    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    /// Longest common subsequence over the part between the common prefix and suffix, which is
    /// all that differs in the small edits this is used for.
    private static func diff(_ a: [String], _ b: [String]) -> [Operation] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var middle: [Operation] = []
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                middle.append(.same(x[i])); i += 1; j += 1
            } else if j < y.count, i == x.count || table[i][j + 1] >= table[i + 1][j] {
                middle.append(.added(y[j])); j += 1
            } else {
                middle.append(.removed(x[i])); i += 1
            }
        }
        // Removals before additions within a change reads better.
        var ordered: [Operation] = []
        var removed: [Operation] = [], added: [Operation] = []
        for operation in middle {
            switch operation {
            case .same:
                ordered += removed + added; removed = []; added = []
                ordered.append(operation)
            case .removed: removed.append(operation)
            case .added: added.append(operation)
            }
        }
        ordered += removed + added
        return a[..<prefix].map { .same($0) } + ordered + a[(a.count - suffix)...].map { .same($0) }
    }
}
