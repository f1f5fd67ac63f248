import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// A run and everything recorded about it, with its report: the steps placed in the order of
/// the revision the run follows. What `export` and `amend` read.
public struct LoadedRun: Sendable {
    /// The run's record, its revisions and its event log.
    public var export: RunExport
    /// The one fold over the event log, laid out along the followed revision.
    public var report: RunReport

    /// Loads the run `reference` names (its id or the start of it) from `store`.
    public init(reference: String, in store: RecordStore) throws(RecordStoreError) {
        try self.init(try store.run(matching: reference), in: store)
    }

    /// Loads `record` from `store`.
    /// - Parameter eachRow: sees every event row as stored, as it is read.
    public init(_ record: RunRecord, in store: RecordStore, eachRow: ((StoredEventRow) -> Void)? = nil)
        throws(RecordStoreError)
    {
        // The revision the run started on is parsed while the event log is read: it is the one
        // the report follows unless a resume moved the run onto another.
        let startRevision = try store.revision(hash: record.revisionHash)
        let started = startRevision.map(BackgroundParse.init)
        // The start revision is read once: the export is handed it rather than reading it again.
        let export = try RunExport.load(record, from: store, known: startRevision.map { [$0] } ?? [], eachRow: eachRow)
        let state = export.state
        let followed = export.revision(hash: state.revisionHash) ?? export.startRevision
        let runbook = followed.map { revision in
            if let started, revision.hash == started.hash { return started.wait() }
            return RunbookParser().parse(storedRevision: revision)
        }
        self.export = export
        report = RunReport(export, state: state, runbook: runbook)
    }
}
