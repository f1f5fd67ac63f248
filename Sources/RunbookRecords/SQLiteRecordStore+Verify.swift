import GRDB

extension SQLiteRecordStore {
    /// Recomputes the hash chain of each run (all runs when `runIDs` is nil) from the stored
    /// rows, compares it with the stored hashes and the run's head, and checks each revision
    /// the runs point at (every revision when all runs are checked) against its hash.
    ///
    /// Reads the rows as SQLite holds them, so a change made to the file by any means (an
    /// editor, `sqlite3`, raw bytes) is found at the first event it touched.
    func verify(runIDs: [String]? = nil) throws(RecordStoreError) -> RecordsVerification {
        try perform {
            try self.queue.read { db in
                let runRows = try Row.fetchAll(
                    db, sql: "SELECT id, head_hash, revision_hash FROM run ORDER BY started_at, id")
                let wanted = runIDs.map(Set.init)
                var runs: [RecordsVerification.RunCheck] = []
                var revisionHashes = Set<String>()
                let statement = try db.makeStatement(
                    sql:
                        "SELECT sequence, time, step_id, kind, payload, hash FROM event WHERE run_id = ? ORDER BY sequence"
                )
                for runRow in runRows {
                    let runID: String = runRow["id"]
                    if let wanted, !wanted.contains(runID) { continue }
                    revisionHashes.insert(runRow["revision_hash"])
                    runs.append(try Self.checkChain(runID: runID, head: runRow["head_hash"], statement: statement))
                }
                if runIDs != nil {
                    // Revisions a resume switched to are named in the `resumed` events.
                    for id in runs.map(\.runID) {
                        let more = try String.fetchAll(
                            db,
                            sql:
                                "SELECT json_extract(payload, '$.revisionHash') FROM event WHERE run_id = ? AND kind = 'resumed'",
                            arguments: [id])
                        revisionHashes.formUnion(more)
                    }
                }
                let revisionRows = try Row.fetchAll(
                    db, sql: "SELECT hash, runbook_id, text, is_redacted FROM revision ORDER BY hash")
                var revisions: [RecordsVerification.RevisionCheck] = []
                for row in revisionRows {
                    let hash: String = row["hash"]
                    if runIDs != nil, !revisionHashes.contains(hash) { continue }
                    revisionHashes.remove(hash)
                    let isRedacted: Bool = row["is_redacted"]
                    let text: String = row["text"]
                    let actual = EventChain.sha256Hex(text)
                    let problem =
                        isRedacted || actual == hash
                        ? nil
                        : "its text hashes to \(actual.prefix(16))…, not to its hash: the text was altered after it was stored"
                    revisions.append(
                        .init(hash: hash, runbookID: row["runbook_id"], isRedacted: isRedacted, problem: problem))
                }
                for missing in revisionHashes.sorted() {
                    revisions.append(
                        .init(
                            hash: missing, runbookID: "", isRedacted: false,
                            problem: "a run follows it but it is not stored"))
                }
                return RecordsVerification(runs: runs, revisions: revisions)
            }
        }
    }

    private static func checkChain(runID: String, head: String, statement: Statement) throws
        -> RecordsVerification.RunCheck
    {
        var walk = ChainWalk(runID: runID, head: head)
        let cursor = try Row.fetchCursor(statement, arguments: [runID])
        while try cursor.next() != nil {
            let row = SQLiteRow(statement)
            let intact = walk.next(
                sequence: row.int(0), time: row.double(1), stepID: row.isNull(2) ? nil : row.bytes(2),
                kind: row.bytes(3), payload: row.bytes(4), storedHash: row.string(5))
            if !intact { break }
        }
        return walk.finish()
    }
}
