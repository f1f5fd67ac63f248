import Foundation

/// The `Host` names of the operator's OpenSSH config (`~/.ssh/config`), read conservatively:
/// lint must never call a name unknown that ssh would resolve, so a config this reader cannot
/// follow (an `Include`, a `Match` block) or a pattern that matches the name counts as knowing it.
public struct SSHConfigHosts: Sendable, Hashable {
    /// Literal host names and patterns (`*`, `?`, `!negation`) from `Host` lines.
    public var patterns: [String]
    /// True when the config has something this reader does not follow: every name resolves.
    public var acceptsEverything: Bool

    public init(patterns: [String] = [], acceptsEverything: Bool = false) {
        self.patterns = patterns
        self.acceptsEverything = acceptsEverything
    }

    /// Reads the config at `path`; an empty set when there is none.
    public static func read(_ path: String) -> SSHConfigHosts {
        guard let data = FileManager.default.contents(atPath: path) else { return SSHConfigHosts() }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// The current user's `~/.ssh/config`, from the passwd home as ssh reads it.
    public static func forCurrentUser() -> SSHConfigHosts {
        guard let entry = getpwuid(getuid()), let home = entry.pointee.pw_dir else { return SSHConfigHosts() }
        return read(String(cString: home) + "/.ssh/config")
    }

    public static func parse(_ text: String) -> SSHConfigHosts {
        var result = SSHConfigHosts()
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "=" }).map(String.init)
            guard let keyword = words.first?.lowercased(), !keyword.hasPrefix("#") else { continue }
            switch keyword {
            case "host": result.patterns += words.dropFirst().map { $0.trimmingCharacters(in: ["\""]) }
            case "include", "match": result.acceptsEverything = true
            default: break
            }
        }
        return result
    }

    /// True when ssh would find a `Host` block for `name`.
    public func knows(_ name: String) -> Bool {
        if acceptsEverything { return true }
        return patterns.contains { !$0.hasPrefix("!") && SSHConfigHosts.matches($0, name) }
    }

    /// OpenSSH's pattern language: `*` any run of characters, `?` one character.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
