import Foundation

// One live runner per run, across machines. The lease row names the holder; the holder's
// database session keeps a session-level advisory lock on the run. The server drops that lock
// when the session ends — the runner exits, is killed, or its machine stops answering
// keepalives — so "is the holder alive?" is a question the server answers for every machine,
// not only for processes this one can see.
extension PostgreSQLRecordStore {
    /// The first key of every run's advisory lock ("RBK1"), so runbook's locks are told apart
    /// from other applications' in the same database.
    static let lockClass: Int32 = 0x5242_4B31

    func acquireLease(on runID: String, for holder: RunnerIdentity, at time: Date) throws(RecordStoreError) {
        var refusal: RunLease?
        try withConnection { connection, _ in
            guard try self.tryLockRun(runID, connection) else {
                refusal =
                    try PostgreSQLRecordStore.leaseRow(runID, connection, live: true)
                    ?? RunLease(
                        runID: runID, holder: RunnerIdentity(host: "?", pid: 0, processStart: "", operatorName: "?"),
                        acquiredAt: time, heldByLiveSession: true)
                return
            }
            try PostgreSQLRecordStore.upsertLease(runID, holder, at: time, connection)
        }
        if let refusal {
            throw RecordStoreError(
                .leaseHeld, path: location,
                "run \(runID) is being run right now by \(refusal.holderDescription); one runbook at a time runs a run. Wait for it to stop, or stop that process, then resume."
            )
        }
    }

    func releaseLease(on runID: String, for holder: RunnerIdentity) throws(RecordStoreError) {
        try withConnection { connection, _ in
            try connection.execute(
                "DELETE FROM runbook.run_lease WHERE run_id = $1 AND host = $2 AND pid = $3 AND process_start = $4",
                [runID, holder.host, String(holder.pid), holder.processStart])
            if self.heldLeases.remove(runID) != nil {
                try connection.execute(
                    "SELECT pg_advisory_unlock(\(PostgreSQLRecordStore.lockClass), hashtext($1))", [runID])
            }
        }
    }

    func lease(on runID: String) throws(RecordStoreError) -> RunLease? {
        try withConnection { connection, _ in
            let live = try self.liveRunIDs(connection).contains(runID)
            return try PostgreSQLRecordStore.leaseRow(runID, connection, live: live)
        }
    }

    /// Takes the run's advisory lock for this session unless it has it; throws when another
    /// session holds it.
    func lockRun(_ runID: String, _ connection: PostgreSQLConnection) throws {
        guard try tryLockRun(runID, connection) else {
            throw RecordStoreError(
                .leaseHeld, path: location,
                "run \(runID) is being run right now by another runbook process; one runbook at a time runs a run.")
        }
    }

    /// Takes the run's advisory lock for this session; false when another session holds it.
    func tryLockRun(_ runID: String, _ connection: PostgreSQLConnection) throws -> Bool {
        if heldLeases.contains(runID) { return true }
        let result = try connection.execute(
            "SELECT pg_try_advisory_lock(\(PostgreSQLRecordStore.lockClass), hashtext($1))", [runID])
        guard result.bool(0, 0) else { return false }
        heldLeases.insert(runID)
        return true
    }

    /// After a reconnect the new session holds no locks: takes back those of the runs this
    /// process holds (one another runner took meanwhile stays theirs; appends then find out).
    func relockHeldRuns() {
        let held = heldLeases
        heldLeases = []
        for runID in held { _ = try? tryLockRun(runID, connection) }
    }

    static func upsertLease(
        _ runID: String, _ holder: RunnerIdentity, at time: Date, _ connection: PostgreSQLConnection
    )
        throws
    {
        try connection.execute(
            """
            INSERT INTO runbook.run_lease (run_id, host, pid, process_start, operator, acquired_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (run_id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
                process_start = EXCLUDED.process_start, operator = EXCLUDED.operator, acquired_at = EXCLUDED.acquired_at
            """,
            [
                runID, holder.host, String(holder.pid), holder.processStart, holder.operatorName,
                String(time.timeIntervalSince1970),
            ])
    }

    static func leaseRow(_ runID: String, _ connection: PostgreSQLConnection, live: Bool) throws -> RunLease? {
        let result = try connection.execute(
            "SELECT host, pid, process_start, operator, acquired_at FROM runbook.run_lease WHERE run_id = $1", [runID])
        guard result.count > 0 else { return nil }
        return RunLease(
            runID: runID,
            holder: RunnerIdentity(
                host: result.string(0, 0), pid: Int32(result.int(0, 1)), processStart: result.string(0, 2),
                operatorName: result.string(0, 3)),
            acquiredAt: Date(timeIntervalSince1970: result.double(0, 4)), heldByLiveSession: live)
    }

    /// Ids of the leased runs whose advisory lock some session holds now.
    func liveRunIDs(_ connection: PostgreSQLConnection) throws -> Set<String> {
        let result = try connection.execute(
            """
            SELECT l.run_id FROM runbook.run_lease l
            WHERE EXISTS (
                SELECT 1 FROM pg_locks k
                WHERE k.locktype = 'advisory' AND k.granted AND k.objsubid = 2
                  AND k.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND k.classid = \(PostgreSQLRecordStore.lockClass)::oid AND k.objid = hashtext(l.run_id)::oid)
            """)
        return Set((0..<result.count).map { result.string($0, 0) })
    }
}
