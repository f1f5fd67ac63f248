import Foundation

/// One exact text of a runbook, stored once per content hash so every run points at what was
/// followed.
public struct RunbookRevision: Hashable, Sendable {
    /// Lowercase hex SHA-256 of the file's bytes, as `Runbook.contentHash`.
    public var hash: String
    public var runbookID: String
    public var path: String
    public var title: String
    public var version: String?
    /// The file's text. When a secret variable's value appeared in it (a secret `default`),
    /// that value is replaced by `[secret:NAME]` and `isRedacted` is set, so the text no longer
    /// hashes to `hash`.
    public var text: String
    public var isRedacted: Bool
    /// False for a redacted text that came from an import: nothing can check it against `hash`,
    /// so it is shown as the importer's claim and never taken for the file's text. A text this
    /// machine reads from the file replaces it.
    public var isVerified: Bool
    public var storedAt: Date

    public init(
        hash: String, runbookID: String, path: String, title: String, version: String?,
        text: String, isRedacted: Bool = false, isVerified: Bool = true, storedAt: Date = Date()
    ) {
        self.hash = hash
        self.runbookID = runbookID
        self.path = path
        self.title = title
        self.version = version
        self.text = text
        self.isRedacted = isRedacted
        self.isVerified = isVerified
        self.storedAt = storedAt
    }
}
