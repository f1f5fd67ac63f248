import Foundation
import RunbookDocument
import RunbookRecords

/// One stored revision of a runbook and what the records say of its runs.
public struct RevisionSummary: Sendable {
    public var revision: RunbookRevision
    public var runCount: Int
    public var firstRun: Date?
    public var lastRun: Date?
    /// How many runs ended each way, in `RunStatus` order, zero counts left out.
    public var outcomes: [(status: RunStatus, count: Int)]
    /// The changelog entry naming this revision's version, if any.
    public var changelogEntry: ChangelogEntry?
    /// True when the runbook file named on the command line hashes to this revision.
    public var isCurrentFile: Bool
}
