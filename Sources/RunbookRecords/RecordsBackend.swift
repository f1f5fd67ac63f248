import Foundation

/// Where a `RecordStore` keeps its records: one SQLite file (`SQLiteRecordStore`) or a
/// PostgreSQL database (`PostgreSQLRecordStore`).
///
/// Both keep the same event model, hash the chain the same way (`EventChain`, over the exact
/// payload bytes they store) and apply the same migrations by name (`RecordSchema.versions`;
/// the server adds its own after them, `PostgreSQLSchema.serverMigrations`), so a run reads,
/// exports and verifies alike on either. What the two share beyond storage —
/// checking an import, a revision's hash, the status a listing shows — lives in `RecordStore`.
protocol RecordsBackend: AnyObject, Sendable {
    /// The file path, or the URL without its password: what messages name.
    var location: String { get }
    /// Files made owner-only when opened (SQLite only).
    var tightenedFiles: [String] { get }

    func schemaVersions() throws(RecordStoreError) -> [String]

    func store(_ revision: RunbookRevision) throws(RecordStoreError)
    func revision(hash: String) throws(RecordStoreError) -> RunbookRevision?
    func revisions(runbookID: String) throws(RecordStoreError) -> [RunbookRevision]
    func revisionHashes(startingWith prefix: String) throws(RecordStoreError) -> [String]

    func begin(_ run: RunRecord, started: RunStartedPayload, holder: RunnerIdentity?) throws(RecordStoreError)
        -> RunEvent
    func append(_ events: [NewEvent], to runID: String, after lastSequence: Int) throws(RecordStoreError)
        -> [RunEvent]
    func insertImported(_ imported: ImportedRun) throws(RecordStoreError)

    func run(id: String) throws(RecordStoreError) -> RunRecord?
    func run(matching reference: String) throws(RecordStoreError) -> RunRecord
    func latestUnfinishedRun(of runbookID: String?, includingRunning: Bool) throws(RecordStoreError) -> RunRecord?
    func runs(limit: Int) throws(RecordStoreError) -> [RunRecord]
    func latestRuns(ofRunbooks ids: [String]) throws(RecordStoreError) -> [String: RunRecord]
    func events(of runID: String, eachRow: ((StoredEventRow) -> Void)?) throws(RecordStoreError) -> [RunEvent]
    func forEachStoredEvent(of runID: String, _ body: (StoredEventRow) -> Void) throws(RecordStoreError)

    func history(runbookID: String?, limit: Int?) throws(RecordStoreError) -> [RunListing]
    func allRunIDs() throws(RecordStoreError) -> [String]
    func uniquePrefixLengths(of ids: [String], minimum: Int) throws(RecordStoreError) -> [Int?]
    func annotations(runbookID: String?) throws(RecordStoreError) -> [RecordedAnnotation]
    func stepFacts(runbookID: String?) throws(RecordStoreError) -> [RecordedStepFact]

    func acquireLease(on runID: String, for holder: RunnerIdentity, at time: Date) throws(RecordStoreError)
    func releaseLease(on runID: String, for holder: RunnerIdentity) throws(RecordStoreError)
    func lease(on runID: String) throws(RecordStoreError) -> RunLease?

    func verify(runIDs: [String]?) throws(RecordStoreError) -> RecordsVerification
}
