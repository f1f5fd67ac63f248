import Foundation
import RunbookDocument
import RunbookExport
import RunbookParsing
import RunbookRecords

/// `runbook revisions`: every stored revision of a runbook with its runs, and the change
/// between two of them.
public struct RevisionHistory: Sendable {
    public var runbookID: String
    /// Oldest first.
    public var revisions: [RevisionSummary]
    /// The `changelog:` of the runbook file named, else of the newest stored revision.
    public var changelog: [ChangelogEntry]

    /// Reads the revisions of `runbookID` and their runs. `currentFile` (the runbook named on
    /// the command line) marks the revision it hashes to and gives the changelog.
    public static func load(_ store: RecordStore, runbookID: String, currentFile: Runbook? = nil) throws(RevisionError)
        -> RevisionHistory
    {
        let revisions: [RunbookRevision]
        let runs: [RunListing]
        do {
            revisions = try store.revisions(runbookID: runbookID)
            runs = try store.history(runbookID: runbookID)
        } catch {
            throw .records(error)
        }
        guard !revisions.isEmpty else { throw .noRevisions(runbookID: runbookID, recordsPath: store.path) }
        let changelog =
            currentFile?.changelog
            ?? revisions.last.map { RunbookParser().parse(text: $0.text, path: $0.path).changelog } ?? []
        let summaries = revisions.map { revision in
            let own = runs.filter { $0.revisionHash == revision.hash }
            let outcomes = RunStatus.allCases.compactMap { status -> (status: RunStatus, count: Int)? in
                let count = own.filter { $0.status == status }.count
                return count > 0 ? (status, count) : nil
            }
            return RevisionSummary(
                revision: revision, runCount: own.count, firstRun: own.map(\.startedAt).min(),
                lastRun: own.map(\.startedAt).max(),
                outcomes: outcomes,
                changelogEntry: revision.version.flatMap { version in changelog.first { $0.version == version } },
                isCurrentFile: currentFile?.contentHash == revision.hash)
        }
        return RevisionHistory(runbookID: runbookID, revisions: summaries, changelog: changelog)
    }

    /// The unified diff from revision `old` to revision `new`, each named by a unique prefix
    /// of its hash.
    public static func diff(_ store: RecordStore, from old: String, to new: String) throws(RevisionError) -> String {
        let from = try revision(store, named: old)
        let to = try revision(store, named: new)
        let diff = LineDiff.unified(from.text, to.text, oldName: label(from), newName: label(to))
        return diff.isEmpty ? "The two revisions have the same text.\n" : diff
    }

    private static func label(_ revision: RunbookRevision) -> String {
        "\(revision.path) @ \(revision.hash.prefix(12))\(revision.version.map { " (version \($0))" } ?? "")"
    }

    static func revision(_ store: RecordStore, named prefix: String) throws(RevisionError) -> RunbookRevision {
        do {
            let matches = try store.revisionHashes(startingWith: prefix)
            guard !prefix.isEmpty, let hash = matches.first else { throw RevisionError.unknownRevision(prefix) }
            guard matches.count == 1 else { throw RevisionError.ambiguousRevision(prefix, matches: matches) }
            guard let revision = try store.revision(hash: hash) else { throw RevisionError.unknownRevision(prefix) }
            return revision
        } catch let error as RevisionError {
            throw error
        } catch let error as RecordStoreError {
            throw .records(error)
        } catch {
            throw .unknownRevision(prefix)
        }
    }
}
