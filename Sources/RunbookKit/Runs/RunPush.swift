import RunbookExport
import RunbookRecords

/// Copies runs from one records store into another (`runbook push`): an operator who recorded
/// locally while offline hands the runs to the team's store.
///
/// Each run's chain is verified where it was recorded before a byte of it is copied, and it is
/// written through `RecordStore.importRun`, the import's own checks. A run already in the target
/// with the same chain head is already there (pushing twice adds nothing); one with the same id
/// and another head is refused, so the team's record is never overwritten or merged.
public struct RunPush {
    /// The records the runs are read from.
    public let source: RecordStore
    /// The records they are copied into.
    public let target: RecordStore

    /// A push from `source` into `target`.
    public init(from source: RecordStore, to target: RecordStore) {
        self.source = source
        self.target = target
    }

    /// The runs `references` name (ids or their starts), or every run in the source when it is
    /// empty, oldest first.
    /// - Throws: `RecordStoreError` when a reference names no run or the source cannot be read.
    public func runs(_ references: [String]) throws(RecordStoreError) -> [RunRecord] {
        if references.isEmpty {
            var records: [RunRecord] = []
            for id in try source.allRunIDs() {
                if let record = try source.run(id: id) { records.append(record) }
            }
            return records.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
        }
        var records: [RunRecord] = []
        for reference in references {
            let record = try source.run(matching: reference)
            if !records.contains(where: { $0.id == record.id }) { records.append(record) }
        }
        return records
    }

    /// Copies one run, unless it is already in the target; a run that cannot be copied is
    /// returned as refused, saying why, and nothing of it is written.
    /// - Throws: `RecordStoreError` when either store cannot be read or written.
    public func push(_ record: RunRecord) throws(RecordStoreError) -> PushOutcome {
        let check = try source.verify(runIDs: [record.id])
        if let broken = check.runs.first(where: { $0.problem != nil }) {
            return .refused(
                "its chain does not verify in \(source.path) (\(broken.problem ?? "broken")); it is not pushed. Run `runbook verify \(record.id)` to see where it was changed."
            )
        }
        let head = check.runs.first?.head ?? record.headHash
        if let there = try target.run(id: record.id) {
            if there.headHash == head { return .alreadyThere }
            return .refused(
                "a different run with the same id is already in the target (its chain ends at \(there.headHash.prefix(12)), this one at \(head.prefix(12))); nothing was copied. Compare them with `runbook log \(record.id)` on each side."
            )
        }
        var hashes: [String] = []
        let export = try RunExport.load(record, from: source) { row in
            row.withUnsafeColumns { _, _, _, hash in hashes.append(String(decoding: hash, as: UTF8.self)) }
        }
        do {
            try target.importRun(
                export.run, revisions: export.revisions, events: export.events,
                chain: ClaimedChain(events: hashes, head: head))
        } catch let error where error.reason == .corrupt {
            return .refused(error.message)
        }
        return .copied(events: export.events.count)
    }
}
