import Foundation

extension PostgreSQLRecordStore {
    /// `RecordStore.verify(runIDs:)` on the server's rows: each run's chain recomputed from
    /// the stored bytes, exactly as on SQLite.
    func verify(runIDs: [String]?) throws(RecordStoreError) -> RecordsVerification {
        try withConnection { connection, _ in
            let runRows = try connection.execute(
                "SELECT id, head_hash, revision_hash FROM runbook.run ORDER BY started_at, id COLLATE \"C\"")
            let wanted = runIDs.map(Set.init)
            var runs: [RecordsVerification.RunCheck] = []
            var revisionHashes = Set<String>()
            for row in 0..<runRows.count {
                let runID = runRows.string(row, 0)
                if let wanted, !wanted.contains(runID) { continue }
                revisionHashes.insert(runRows.string(row, 2))
                let events = try PostgreSQLRecordStore.eventRows(of: runID, connection)
                runs.append(
                    PostgreSQLRecordStore.checkChain(runID: runID, head: runRows.string(row, 1), events: events))
            }
            if runIDs != nil {
                // Revisions a resume switched to are named in the `resumed` events.
                for id in runs.map(\.runID) {
                    let more = try connection.execute(
                        "SELECT payload::jsonb ->> 'revisionHash' FROM runbook.event WHERE run_id = $1 AND kind = 'resumed'",
                        [id])
                    for row in 0..<more.count where !more.isNull(row, 0) { revisionHashes.insert(more.string(row, 0)) }
                }
            }
            let revisionRows = try connection.execute(
                "SELECT hash, runbook_id, text, is_redacted FROM runbook.revision ORDER BY hash COLLATE \"C\"")
            var revisions: [RecordsVerification.RevisionCheck] = []
            for row in 0..<revisionRows.count {
                let hash = revisionRows.string(row, 0)
                if runIDs != nil, !revisionHashes.contains(hash) { continue }
                revisionHashes.remove(hash)
                let isRedacted = revisionRows.bool(row, 3)
                let actual = EventChain.sha256Hex(revisionRows.bytes(row, 2))
                let problem =
                    isRedacted || actual == hash
                    ? nil
                    : "its text hashes to \(actual.prefix(16))…, not to its hash: the text was altered after it was stored"
                revisions.append(
                    .init(
                        hash: hash, runbookID: revisionRows.string(row, 1), isRedacted: isRedacted, problem: problem))
            }
            for missing in revisionHashes.sorted() {
                revisions.append(
                    .init(
                        hash: missing, runbookID: "", isRedacted: false,
                        problem: "a run follows it but it is not stored"
                    ))
            }
            return RecordsVerification(runs: runs, revisions: revisions)
        }
    }

    private static func checkChain(runID: String, head: String, events: PostgreSQLResult)
        -> RecordsVerification.RunCheck
    {
        var walk = ChainWalk(runID: runID, head: head)
        for row in 0..<events.count {
            let intact = walk.next(
                sequence: events.int(row, 0), time: events.double(row, 1),
                stepID: events.isNull(row, 2) ? nil : events.bytes(row, 2), kind: events.bytes(row, 3),
                payload: events.bytes(row, 4), storedHash: events.string(row, 5))
            if !intact { break }
        }
        return walk.finish()
    }
}
