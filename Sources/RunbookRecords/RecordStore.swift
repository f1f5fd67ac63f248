import Foundation

/// The execution records: runbook revisions, runs and their event logs, in one SQLite file
/// (the default) or a PostgreSQL database a team shares (`postgresql://…`, docs/team.md).
///
/// Every write is one transaction that has committed when the method returns, so the engine
/// can promise that a fact is durable before it moves on. Callers see one API whichever backend
/// holds the records; PostgreSQL's client is not touched unless the location is a URL.
public final class RecordStore: Sendable {
    /// The database file, or the PostgreSQL URL without its password: what messages name, and
    /// what a child `runbook` is handed to open the same records.
    public let path: String
    /// Files of these records (the database, its -wal and -shm) that other users could read or
    /// write when they were opened, and that were made owner-only: the caller says so.
    public let tightenedFiles: [String]
    let backend: any RecordsBackend

    /// Opens (creating if needed) the records at `path`: a file, or a `postgresql://` URL.
    ///
    /// A new file and its directory are created readable by the owner only (0600 and 0700):
    /// records hold commands, outputs and host names.
    public init(path: String) throws(RecordStoreError) {
        if let url = PostgreSQLLocation(path) {
            backend = try PostgreSQLRecordStore(url)
        } else {
            backend = try SQLiteRecordStore(path: path)
        }
        self.path = backend.location
        tightenedFiles = backend.tightenedFiles
    }

    /// Opens existing records only to read them: what `history`, `log`, `export` and the other
    /// reading commands need. A file whose schema is current is opened read-only; an older one
    /// is migrated. Fails as `init(path:)` does when the records were written by a newer
    /// `runbook`, and with `.noRecords` when a PostgreSQL database has no runbook schema
    /// (creating it would make a reading command write).
    public init(readingExisting path: String) throws(RecordStoreError) {
        if let url = PostgreSQLLocation(path) {
            backend = try PostgreSQLRecordStore(url, creatingSchema: false)
        } else {
            backend = try SQLiteRecordStore(readingExisting: path)
        }
        self.path = backend.location
        tightenedFiles = backend.tightenedFiles
    }

    /// Whether `location` names records on a PostgreSQL server rather than a file.
    public static func isServerLocation(_ location: String) -> Bool { PostgreSQLLocation(location) != nil }

    /// Whether `location` is a URL that carries a password (which messages never show).
    public static func locationHasPassword(_ location: String) -> Bool {
        PostgreSQLLocation(location)?.hasPassword ?? false
    }

    /// The schema migrations applied to these records, oldest first.
    public func schemaVersions() throws(RecordStoreError) -> [String] { try backend.schemaVersions() }

    // MARK: Revisions

    /// Stores a revision unless one with the same hash is already there. A revision that is
    /// redacted and not verified (an import's) never takes the place of a verified one; a
    /// verified one replaces an unverified one, so a run of the real file always stores, and
    /// later shows, the file's own text.
    ///
    /// - Throws: `.corrupt` when the text is not redacted and does not hash to `hash`: a
    ///   revision is the exact text a run followed, and a later run of the real file would
    ///   otherwise find someone else's text under its hash.
    public func store(_ revision: RunbookRevision) throws(RecordStoreError) { try backend.store(revision) }

    /// The stored revision with `hash`, checked against its hash as it is read.
    /// - Throws: `.corrupt` when an unredacted text no longer hashes to `hash`.
    public func revision(hash: String) throws(RecordStoreError) -> RunbookRevision? {
        try backend.revision(hash: hash)
    }

    /// Every stored revision of the runbook `runbookID`, oldest first, each checked against
    /// its hash as it is read.
    public func revisions(runbookID: String) throws(RecordStoreError) -> [RunbookRevision] {
        try backend.revisions(runbookID: runbookID)
    }

    /// The hashes of stored revisions that start with `prefix` (any runbook's).
    public func revisionHashes(startingWith prefix: String) throws(RecordStoreError) -> [String] {
        try backend.revisionHashes(startingWith: prefix)
    }

    // MARK: Runs

    /// Creates the run row and its `run-started` event in one transaction, with the run's lease
    /// for `holder` when one is given.
    public func begin(_ run: RunRecord, started: RunStartedPayload, holder: RunnerIdentity? = nil)
        throws(RecordStoreError) -> RunEvent
    {
        try backend.begin(run, started: started, holder: holder)
    }

    /// Appends events to a run's log in one transaction, numbering them after `lastSequence`.
    ///
    /// Fails, writing nothing, if another process appended to the run since (two processes
    /// resuming the same run cannot interleave their logs).
    @discardableResult
    public func append(_ events: [NewEvent], to runID: String, after lastSequence: Int) throws(RecordStoreError)
        -> [RunEvent]
    {
        try backend.append(events, to: runID, after: lastSequence)
    }

    public func run(id: String) throws(RecordStoreError) -> RunRecord? { try backend.run(id: id) }

    /// The run whose id is `reference` or starts with it.
    /// - Throws: `.unknownRun` when no run or several runs match.
    public func run(matching reference: String) throws(RecordStoreError) -> RunRecord {
        try backend.run(matching: reference)
    }

    /// The most recently started run that is running, paused or interrupted.
    /// - Parameters:
    ///   - runbookID: only runs of this runbook, when given.
    ///   - includingRunning: false leaves out runs listed `running` (a live runner holds them).
    public func latestUnfinishedRun(of runbookID: String? = nil, includingRunning: Bool = true) throws(RecordStoreError)
        -> RunRecord?
    {
        try backend.latestUnfinishedRun(of: runbookID, includingRunning: includingRunning)
    }

    /// Runs, most recent first.
    public func runs(limit: Int = 100) throws(RecordStoreError) -> [RunRecord] { try backend.runs(limit: limit) }

    /// The most recently started run of each runbook id that has one, for catalogs.
    public func latestRuns(ofRunbooks ids: [String]) throws(RecordStoreError) -> [String: RunRecord] {
        try backend.latestRuns(ofRunbooks: ids)
    }

    /// A run's whole event log in sequence order.
    public func events(of runID: String) throws(RecordStoreError) -> [RunEvent] {
        try backend.events(of: runID, eachRow: nil)
    }

    /// A run's whole event log in sequence order.
    /// - Parameter eachRow: sees every row as stored, as it is read (the JSON export writes the
    ///   rows and folds the events in one pass over the log).
    public func events(of runID: String, eachRow: ((StoredEventRow) -> Void)?) throws(RecordStoreError) -> [RunEvent] {
        try backend.events(of: runID, eachRow: eachRow)
    }

    /// The state of a run, folded from its event log.
    public func state(of runID: String) throws(RecordStoreError) -> RunState {
        RunState(folding: try events(of: runID))
    }

    /// A run's event rows in sequence order, payloads as stored (not decoded).
    public func storedEvents(of runID: String) throws(RecordStoreError) -> [StoredEvent] {
        var events: [StoredEvent] = []
        try forEachStoredEvent(of: runID) { row in
            row.withUnsafeColumns { stepID, kind, payload, _ in
                events.append(
                    StoredEvent(
                        sequence: row.sequence, time: row.time,
                        stepID: stepID.map { String(decoding: $0, as: UTF8.self) },
                        kind: String(decoding: kind, as: UTF8.self), payload: String(decoding: payload, as: UTF8.self)))
            }
        }
        return events
    }

    /// Calls `body` with each of a run's event rows in sequence order, as the database holds them.
    public func forEachStoredEvent(of runID: String, _ body: (StoredEventRow) -> Void) throws(RecordStoreError) {
        try backend.forEachStoredEvent(of: runID, body)
    }

    // MARK: Queries

    /// Runs, most recent first, optionally of one runbook (`runbookID`) and at most `limit`.
    public func history(runbookID: String? = nil, limit: Int? = nil) throws(RecordStoreError) -> [RunListing] {
        try backend.history(runbookID: runbookID, limit: limit)
    }

    /// Every run id, sorted, for computing the shortest unique prefixes to show.
    public func allRunIDs() throws(RecordStoreError) -> [String] { try backend.allRunIDs() }

    /// For each of `ids`, the length in bytes of the shortest prefix that no other run's id
    /// starts with (at least `minimum`); `nil` for an id that is not in the records.
    public func uniquePrefixLengths(of ids: [String], minimum: Int = 8) throws(RecordStoreError) -> [Int?] {
        try backend.uniquePrefixLengths(of: ids, minimum: minimum)
    }

    /// Notes and lessons of every run of a runbook (or of all runbooks), newest first.
    public func annotations(runbookID: String?) throws(RecordStoreError) -> [RecordedAnnotation] {
        try backend.annotations(runbookID: runbookID)
    }

    /// Step ends, skips and deviations of every run of a runbook (or of all), in log order.
    public func stepFacts(runbookID: String?) throws(RecordStoreError) -> [RecordedStepFact] {
        try backend.stepFacts(runbookID: runbookID)
    }

    /// Recomputes the hash chain of each run (all runs when `runIDs` is nil) from the stored
    /// rows, compares it with the stored hashes and the run's head, and checks each revision
    /// the runs point at (every revision when all runs are checked) against its hash.
    public func verify(runIDs: [String]? = nil) throws(RecordStoreError) -> RecordsVerification {
        try backend.verify(runIDs: runIDs)
    }

    // MARK: Leases

    /// Takes the lease on `runID` for `holder`, or fails naming the live process that holds it.
    public func acquireLease(on runID: String, for holder: RunnerIdentity, at time: Date = Date())
        throws(RecordStoreError)
    {
        try backend.acquireLease(on: runID, for: holder, at: time)
    }

    /// Gives the lease back if `holder` still has it.
    public func releaseLease(on runID: String, for holder: RunnerIdentity) throws(RecordStoreError) {
        try backend.releaseLease(on: runID, for: holder)
    }

    /// The lease on `runID`, live or not; nil when nobody took it or it was given back.
    public func lease(on runID: String) throws(RecordStoreError) -> RunLease? { try backend.lease(on: runID) }

    // MARK: Import

    /// Stores a run recorded elsewhere (a JSON export): its revisions, its row and its whole
    /// event log, in one transaction, keeping its id, sequence numbers and times.
    ///
    /// - Throws: `.duplicateRun` when a run with that id is already here; `.corrupt` when the
    ///   log does not start with `run-started` or its numbers are not 1, 2, 3, …
    ///   Also `.corrupt`, writing nothing, when the run fails `ImportCheck` (id, times,
    ///   durations, output sizes, session variables), a revision does not match its hash, or
    ///   `chain` (the hashes the export carries, one per event, and its head) does not match the
    ///   chain recomputed from the events.
    public func importRun(
        _ run: RunRecord, revisions: [RunbookRevision], events: [RunEvent], chain: ClaimedChain? = nil
    ) throws(RecordStoreError) {
        let imported = try ImportedRun(run, revisions: revisions, events: events, chain: chain, location: path)
        if try backend.run(id: run.id) != nil {
            throw RecordStoreError(.duplicateRun, path: path, "run \(run.id) is already in the records.")
        }
        // A redacted text is the exporter's word only: stored unverified, so that it never
        // passes for the file's text, and the file's text replaces it when a run here reads it.
        let claimed = revisions.map { revision in
            var revision = revision
            revision.isVerified = !revision.isRedacted
            return revision
        }
        for revision in claimed {
            try RecordStore.checkHash(of: revision, path: path)
            if let local = try backend.revision(hash: revision.hash), local.text != revision.text {
                throw RecordStoreError(
                    .corrupt, path: path,
                    "the imported revision \(revision.hash.prefix(12)) has a different text from the one stored here under the same hash; it is refused."
                )
            }
        }
        for revision in claimed { try backend.store(revision) }
        try backend.insertImported(imported)
    }
}

// What both backends apply the same way.
extension RecordStore {
    /// A redacted text cannot be checked (the secret it held is gone); any other must hash to
    /// the revision's hash.
    static func checkHash(of revision: RunbookRevision, path: String) throws(RecordStoreError) {
        guard !revision.isRedacted else { return }
        let actual = EventChain.sha256Hex(revision.text)
        if actual != revision.hash.lowercased() {
            throw RecordStoreError(
                .corrupt, path: path,
                "the stored text of revision \(revision.hash.prefix(12)) of \(revision.runbookID) does not match its hash (it hashes to \(actual.prefix(12))); it was altered after it was stored."
            )
        }
    }

    /// The event's link in its run's chain, from the exact bytes stored.
    static func chainHash(of event: RunEvent, body: String, previous: String) -> String {
        EventChain.hash(
            previous: previous, runID: event.runID, sequence: event.sequence, time: event.time.timeIntervalSince1970,
            stepID: event.stepID, kind: event.kind.rawValue, payload: body)
    }

    /// The status to show for a run whose row says `stored`: a `running` run that no live
    /// process holds was left behind by a runner that died, so it reads as interrupted.
    static func shownStatus(_ stored: RunStatus, runID: String, live: Set<String>) -> RunStatus {
        stored == .running && !live.contains(runID) ? .interrupted : stored
    }

    /// SQLite's failure as a sentence (kept for callers and tests that describe errors).
    static func describe(_ error: any Error) -> String { SQLiteRecordStore.describe(error) }
}
