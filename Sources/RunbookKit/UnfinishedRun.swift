import RunbookRecords

/// Finding the run an operator would pick up again, one query in the records instead of a
/// listing filtered in the CLI.
public struct UnfinishedRun {
    public let store: RecordStore

    public init(in store: RecordStore) {
        self.store = store
    }

    /// The most recent run of any runbook that has not ended: what `runbook resume` without
    /// a run id resumes.
    public func latest() throws(RecordStoreError) -> RunRecord? {
        try store.latestUnfinishedRun()
    }

    /// The most recent run of `runbookID` that has not ended and that nobody is running: what
    /// `runbook run` offers to resume. A run listed `running` has a live runner (its lease),
    /// and resuming it would be refused.
    public func resumable(of runbookID: String) throws(RecordStoreError) -> RunRecord? {
        try store.latestUnfinishedRun(of: runbookID, includingRunning: false)
    }
}
