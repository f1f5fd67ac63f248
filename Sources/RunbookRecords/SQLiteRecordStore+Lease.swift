import Foundation
import GRDB

// One live runner per run (schema v3-runner-lease): the runner takes the run's lease before it
// writes anything and gives it back when it stops; a dead holder's lease is taken over.
extension SQLiteRecordStore {
    /// Takes the lease on `runID` for `holder`, or fails naming the live process that holds it.
    func acquireLease(on runID: String, for holder: RunnerIdentity, at time: Date = Date())
        throws(RecordStoreError)
    {
        var refusal: RunLease?
        try perform {
            try self.queue.writeWithoutTransaction { db in
                try SQLiteRecordStore.inTransaction(db) {
                    if let current = try SQLiteRecordStore.lease(on: runID, db), current.holder != holder,
                        current.isLive
                    {
                        refusal = current
                        return
                    }
                    try SQLiteRecordStore.insertLease(runID: runID, holder: holder, at: time, db: db)
                }
            }
        }
        if let refusal {
            throw RecordStoreError(
                .leaseHeld, path: path,
                "run \(runID) is being run right now by \(refusal.holderDescription); one runbook at a time runs a run. Wait for it to stop, or stop that process, then resume."
            )
        }
    }

    /// Gives the lease back if `holder` still has it.
    func releaseLease(on runID: String, for holder: RunnerIdentity) throws(RecordStoreError) {
        try perform {
            try self.queue.write { db in
                try db.execute(
                    sql: "DELETE FROM run_lease WHERE run_id = ? AND host = ? AND pid = ? AND process_start = ?",
                    arguments: [runID, holder.host, holder.pid, holder.processStart])
            }
        }
    }

    /// The lease on `runID`, live or not; nil when nobody took it or it was given back.
    func lease(on runID: String) throws(RecordStoreError) -> RunLease? {
        try perform { try self.queue.read { db in try SQLiteRecordStore.lease(on: runID, db) } }
    }

    static func insertLease(runID: String, holder: RunnerIdentity, at time: Date, db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO run_lease (run_id, host, pid, process_start, operator, acquired_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                runID, holder.host, holder.pid, holder.processStart, holder.operatorName, time.timeIntervalSince1970,
            ])
    }

    static func lease(on runID: String, _ db: Database) throws -> RunLease? {
        try Row.fetchOne(db, sql: "SELECT * FROM run_lease WHERE run_id = ?", arguments: [runID]).map(
            SQLiteRecordStore.lease)
    }

    private static func lease(_ row: Row) -> RunLease {
        RunLease(
            runID: row["run_id"],
            holder: RunnerIdentity(
                host: row["host"], pid: row["pid"], processStart: row["process_start"], operatorName: row["operator"]),
            acquiredAt: Date(timeIntervalSince1970: row["acquired_at"]))
    }

    /// Ids of the runs whose lease is held by a live process.
    static func liveRunIDs(_ db: Database) throws -> Set<String> {
        Set(
            try Row.fetchAll(db, sql: "SELECT * FROM run_lease").map(SQLiteRecordStore.lease).filter(\.isLive).map(
                \.runID))
    }
}
