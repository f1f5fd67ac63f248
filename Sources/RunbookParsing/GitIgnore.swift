import Foundation
import RunbookBytes

/// The `.gitignore` rules that apply to a directory walk: a file Git ignores (a build tree, a
/// vendored copy, generated docs) is not a runbook anyone maintains.
///
/// The common subset of Git's syntax is read: `#` comments, `!` to re-include, a trailing `/`
/// for directories only, a pattern with a `/` anchored at its `.gitignore`'s directory (a
/// leading `/` too), any other pattern matching a name at any depth, `*`, `?` and `[…]`, a
/// leading `**/` and a trailing `/**`. The last rule that matches wins, as in Git.
struct GitIgnore: Sendable {
    struct Rule: Sendable {
        /// The directory whose `.gitignore` holds the rule.
        var base: String
        var pattern: String
        var isNegated: Bool
        var isDirectoryOnly: Bool
        var isAnchored: Bool
    }

    private(set) var rules: [Rule] = []

    /// The rules of `directory/.gitignore` added after these.
    func adding(directory: String) -> GitIgnore {
        // `stat` first: most directories have no .gitignore, and FileManager costs more to say so.
        var info = stat()
        let path = directory + "/.gitignore"
        guard stat(path, &info) == 0, let data = FileManager.default.contents(atPath: path) else { return self }
        var copy = self
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(raw)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var rule = Rule(base: directory, pattern: "", isNegated: false, isDirectoryOnly: false, isAnchored: false)
            if line.hasPrefix("!") {
                rule.isNegated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\") {
                line = line.dropFirst()
            }
            if line.hasSuffix("/") {
                rule.isDirectoryOnly = true
                line = line.dropLast()
            }
            if line.hasPrefix("**/") { line = line.dropFirst(3) }
            rule.isAnchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            guard !line.isEmpty else { continue }
            rule.pattern = String(line)
            copy.rules.append(rule)
        }
        return copy
    }

    /// The rules from the `.gitignore` files above `directory` (an absolute path) inside its
    /// Git working tree, outermost first; none when it is not in one.
    static func enclosing(_ directory: String) -> GitIgnore {
        var ancestors: [String] = []
        var current = directory
        while current != "/" && !current.isEmpty {
            current = PathText.directory(of: current)
            ancestors.append(current)
            if FileManager.default.fileExists(atPath: current + "/.git") {
                return ancestors.reversed().reduce(GitIgnore()) { $0.adding(directory: $1) }
            }
        }
        return GitIgnore()
    }

    /// True when Git would ignore `path` (absolute).
    func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules where rule.isNegated == ignored && GitIgnore.matches(rule, path, isDirectory: isDirectory) {
            ignored = !rule.isNegated
        }
        return ignored
    }

    private static func matches(_ rule: Rule, _ path: String, isDirectory: Bool) -> Bool {
        if rule.isDirectoryOnly && !isDirectory { return false }
        guard rule.isAnchored else { return fnmatch(rule.pattern, (path as NSString).lastPathComponent, 0) == 0 }
        guard let relative = relative(path, to: rule.base) else { return false }
        guard rule.pattern.hasSuffix("/**") else { return fnmatch(rule.pattern, relative, FNM_PATHNAME) == 0 }
        // `dir/**`: everything inside what `dir` matches.
        let inside = String(rule.pattern.dropLast(3))
        let components = relative.split(separator: "/")
        return (1..<max(components.count, 1)).contains { count in
            fnmatch(inside, components.prefix(count).joined(separator: "/"), FNM_PATHNAME) == 0
        }
    }

    /// `path` relative to `base`, or nil when it is not inside it.
    private static func relative(_ path: String, to base: String) -> String? {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard path.hasPrefix(prefix) else { return nil }
        return String(path.dropFirst(prefix.count))
    }
}
