import Foundation
import RunbookRecords

/// Everything the records hold about one run: its row, the revisions it followed (the one it
/// started on first) and its whole event log. What the exporters render and what a JSON export
/// carries to another machine.
public struct RunExport: Hashable, Sendable {
    public var run: RunRecord
    public var revisions: [RunbookRevision]
    public var events: [RunEvent]

    public init(run: RunRecord, revisions: [RunbookRevision], events: [RunEvent]) {
        self.run = run
        self.revisions = revisions
        self.events = events
    }

    /// Reads a run from the records.
    public static func load(_ run: RunRecord, from store: RecordStore) throws(RecordStoreError) -> RunExport {
        let events = try store.events(of: run.id)
        var hashes = [run.revisionHash]
        for event in events {
            if case .resumed(let resumed) = event.payload, !hashes.contains(resumed.revisionHash) { hashes.append(resumed.revisionHash) }
        }
        var revisions: [RunbookRevision] = []
        for hash in hashes {
            if let revision = try store.revision(hash: hash) { revisions.append(revision) }
        }
        return RunExport(run: run, revisions: revisions, events: events)
    }

    /// The fold of the event log.
    public var state: RunState { RunState(folding: events) }

    /// The revision the run started on.
    public var startRevision: RunbookRevision? { revisions.first { $0.hash == run.revisionHash } }

    /// The revision the run follows now (a resume on a changed file moves it).
    public func revision(hash: String) -> RunbookRevision? { revisions.first { $0.hash == hash } }
}
