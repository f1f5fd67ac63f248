import RunbookRecords

/// Why `runbook revisions` could not answer.
public enum RevisionError: Error, Sendable, CustomStringConvertible {
    case records(RecordStoreError)
    /// No stored revision of this runbook.
    case noRevisions(runbookID: String, recordsPath: String)
    /// No stored revision's hash starts with this.
    case unknownRevision(String)
    /// Several do: a longer prefix is needed.
    case ambiguousRevision(String, matches: [String])

    public var description: String {
        switch self {
        case .records(let error):
            error.description
        case .noRevisions(let id, let path):
            "no stored revision of '\(id)' in \(path): a revision is stored when the runbook is first run."
        case .unknownRevision(let prefix):
            "no stored revision's hash starts with '\(prefix)'; `runbook revisions FILE` lists them."
        case .ambiguousRevision(let prefix, let matches):
            "'\(prefix)' names \(matches.count) revisions (\(matches.map { String($0.prefix(12)) }.joined(separator: ", "))); give more of the hash."
        }
    }
}
