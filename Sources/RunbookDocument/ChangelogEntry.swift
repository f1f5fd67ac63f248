/// One `changelog:` front matter entry: what changed in a version of the runbook, and why.
public struct ChangelogEntry: Hashable, Sendable, Codable {
    /// As written (`2026-11-30`).
    public var date: String?
    public var version: String?
    public var why: String
    public var location: SourceLocation

    public init(date: String? = nil, version: String? = nil, why: String, location: SourceLocation) {
        self.date = date
        self.version = version
        self.why = why
        self.location = location
    }
}
