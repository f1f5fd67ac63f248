/// The attributes of a fenced block's info string, in the order they were written.
///
/// Keys are kept even when the engine does not know them, so that lint can report a typo
/// instead of the block silently losing an option.
public struct Attributes: Hashable, Sendable, Codable {
    /// One `key=value` pair; flags such as Pandoc's `.class` keep their punctuation in `key`.
    public struct Entry: Hashable, Sendable, Codable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// The last value written for `key` (later entries win, as in HTML attributes).
    public subscript(key: String) -> String? {
        entries.last(where: { $0.key == key })?.value
    }

    /// Reads a boolean attribute; `nil` when absent, so callers can tell "unset" from "false".
    public func flag(_ key: String) -> Bool? {
        guard let raw = self[key] else { return nil }
        switch raw.lowercased() {
        case "", "true", "yes", "1", "on": return true
        default: return false
        }
    }

    /// Keys that `runbook` or Runme give a meaning to. Everything else is reported by lint.
    public static let knownKeys: Set<String> = [
        // runbook's own
        "id", "confirm", "destructive", "timeout", "cwd", "interactive", "expect", "shell", "class", "undoes",
        "requires", "host", "hosts", "parallel",
        // Runme's, which keep their meaning so Runme documents run unchanged
        "name", "ignore", "excludeFromRunAll", "promptEnv", "terminalRows", "mimeType", "tag",
        "background", "category", "interpreter", "closeTerminalOnSuccess", "language",
    ]

    /// Keys written but not in `knownKeys`.
    public var unknownKeys: [String] {
        entries.map(\.key).filter { !Attributes.knownKeys.contains($0) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(entries)
    }

    public init(from decoder: any Decoder) throws {
        entries = try decoder.singleValueContainer().decode([Entry].self)
    }
}
