import Foundation
import RunbookRecords

/// Everything the records hold about one run: its row, the revisions it followed (the one it
/// started on first) and its whole event log. What the exporters render and what a JSON export
/// carries to another machine.
public struct RunExport: Hashable, Sendable {
    public var run: RunRecord
    public var revisions: [RunbookRevision]
    public var events: [RunEvent]
    /// The hash chain an imported export carries: one hash per event and the run's head; nil
    /// for an export written before the chain, or a run read from these records.
    public var chain: ClaimedChain?

    public init(run: RunRecord, revisions: [RunbookRevision], events: [RunEvent]) {
        self.run = run
        self.revisions = revisions
        self.events = events
    }

    /// Reads a run from the records.
    /// - Parameters:
    ///   - eachRow: sees every event row as stored, as it is read.
    ///   - known: revisions the caller has already read (and checked against their hashes), so
    ///     they are not read and hashed again.
    public static func load(
        _ run: RunRecord, from store: RecordStore, known: [RunbookRevision] = [],
        eachRow: ((StoredEventRow) -> Void)? = nil
    ) throws(RecordStoreError) -> RunExport {
        let events = try store.events(of: run.id, eachRow: eachRow)
        let moves = events.compactMap { event -> String? in
            if case .resumed(let resumed) = event.payload { return resumed.revisionHash }
            return nil
        }
        return RunExport(
            run: run, revisions: try revisions(run, resumedOn: moves, from: store, known: known), events: events)
    }

    /// The revisions a run followed, from its stored event rows (only `resumed` payloads are
    /// decoded): what the JSON export writes beside the rows.
    public static func revisions(of run: RunRecord, events: [StoredEvent], from store: RecordStore)
        throws(RecordStoreError) -> [RunbookRevision]
    {
        var moves: [String] = []
        for event in events where event.kind == EventKind.resumed.rawValue {
            guard case .resumed(let resumed)? = try? EventPayload.decode(kind: .resumed, body: Data(event.payload.utf8))
            else {
                throw RecordStoreError(
                    .corrupt, path: store.path,
                    "event \(event.sequence) of run \(run.id) is not a readable resumed event.")
            }
            moves.append(resumed.revisionHash)
        }
        return try revisions(run, resumedOn: moves, from: store)
    }

    /// The revision `run` started on, then those resumes moved it onto (`moves`), each once.
    static func revisions(
        _ run: RunRecord, resumedOn moves: [String], from store: RecordStore, known: [RunbookRevision] = []
    ) throws(RecordStoreError) -> [RunbookRevision] {
        var hashes = [run.revisionHash]
        for hash in moves where !hashes.contains(hash) { hashes.append(hash) }
        var revisions: [RunbookRevision] = []
        for hash in hashes {
            if let revision = known.first(where: { $0.hash == hash }) {
                revisions.append(revision)
            } else if let revision = try store.revision(hash: hash) {
                revisions.append(revision)
            }
        }
        return revisions
    }

    /// The fold of the event log, and what the records know besides the log: a run the log
    /// leaves running whose runner is gone (its lease says so in `run.status`) reads as
    /// interrupted, its unfinished attempt as one whose runner died.
    public var state: RunState {
        var state = RunState(folding: events)
        if state.status == .running, run.status == .interrupted {
            state.markRunnerGone()
            state.status = .interrupted
        }
        return state
    }

    /// The revision the run started on.
    public var startRevision: RunbookRevision? { revisions.first { $0.hash == run.revisionHash } }

    /// The revision the run follows now (a resume on a changed file moves it).
    public func revision(hash: String) -> RunbookRevision? { revisions.first { $0.hash == hash } }
}
