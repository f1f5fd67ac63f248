import Foundation
import GRDB

// Read-only queries for the records commands (history, lessons, stats) and the one write that
// is not the engine's: importing a run exported elsewhere. Each query reads the rows it needs
// with SQL, so listing 10,000 runs costs one statement, not 10,000 folds.
extension RecordStore {
    /// Runs, most recent first, optionally of one runbook (`runbookID`) and at most `limit`.
    public func history(runbookID: String? = nil, limit: Int? = nil) throws(RecordStoreError) -> [RunListing] {
        // Deviation counts come from the partial index `event_deviations` (schema v2), grouped
        // once, rather than a correlated count per run.
        var sql = """
            SELECT r.id, r.runbook_id, r.path, r.revision_hash, r.operator, r.host, r.status, r.started_at,
                   r.finished_at, v.title, v.version, coalesce(d.n, 0)
            FROM run r
            LEFT JOIN revision v ON v.hash = r.revision_hash
            LEFT JOIN (SELECT run_id, count(*) AS n FROM event WHERE kind = 'deviation' GROUP BY run_id) d ON d.run_id = r.id
            """
        var arguments: StatementArguments = []
        if let runbookID {
            sql += " WHERE r.runbook_id = ?"
            arguments += [runbookID]
        }
        sql += " ORDER BY r.started_at DESC, r.id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try perform {
            try self.queue.read { db in
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                var listings: [RunListing] = []
                while let row = try cursor.next() {
                    let finished: Double? = row[8]
                    listings.append(RunListing(
                        id: row[0], runbookID: row[1], path: row[2], title: row[9], version: row[10], revisionHash: row[3],
                        operatorName: row[4], host: row[5], status: RunStatus(rawValue: row[6]) ?? .running,
                        startedAt: Date(timeIntervalSince1970: row[7]), finishedAt: finished.map { Date(timeIntervalSince1970: $0) },
                        deviationCount: row[11]))
                }
                return listings
            }
        }
    }

    /// Every run id, sorted, for computing the shortest unique prefixes to show.
    public func allRunIDs() throws(RecordStoreError) -> [String] {
        try perform { try self.queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM run ORDER BY id") } }
    }

    /// The ids of the runbooks that have runs, with the paths they were run from.
    public func runbookIDs(path: String) throws(RecordStoreError) -> [String] {
        try perform {
            try self.queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT runbook_id FROM run WHERE path = ?", arguments: [path])
            }
        }
    }

    /// Notes and lessons of every run of a runbook (or of all runbooks), newest first.
    public func annotations(runbookID: String?) throws(RecordStoreError) -> [RecordedAnnotation] {
        var sql = """
            SELECT e.run_id, e.time, e.step_id, e.kind, json_extract(e.payload, '$.text')
            FROM event e JOIN run r ON r.id = e.run_id
            WHERE e.kind IN ('note', 'lesson')
            """
        var arguments: StatementArguments = []
        if let runbookID {
            sql += " AND r.runbook_id = ?"
            arguments += [runbookID]
        }
        sql += " ORDER BY e.time DESC, e.run_id DESC, e.sequence DESC"
        return try perform {
            try self.queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    RecordedAnnotation(
                        runID: row[0], time: Date(timeIntervalSince1970: row[1]), stepID: row[2],
                        kind: (row[3] as String) == "lesson" ? .lesson : .note, text: row[4] ?? "")
                }
            }
        }
    }

    /// Step ends, skips and deviations of every run of a runbook (or of all), in log order.
    public func stepFacts(runbookID: String?) throws(RecordStoreError) -> [RecordedStepFact] {
        var sql = """
            SELECT e.run_id, e.step_id, e.kind, json_extract(e.payload, '$.outcome'),
                   json_extract(e.payload, '$.durationSeconds'), json_extract(e.payload, '$.kind')
            FROM event e JOIN run r ON r.id = e.run_id
            WHERE e.kind IN ('step-finished', 'skipped', 'deviation') AND e.step_id IS NOT NULL
            """
        var arguments: StatementArguments = []
        if let runbookID {
            sql += " AND r.runbook_id = ?"
            arguments += [runbookID]
        }
        sql += " ORDER BY r.started_at, e.run_id, e.sequence"
        return try perform {
            try self.queue.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                    guard let kind = EventKind(rawValue: row[2]) else { return nil }
                    let outcome: String? = row[3]
                    let deviation: String? = row[5]
                    return RecordedStepFact(
                        runID: row[0], stepID: row[1], kind: kind, outcome: outcome.flatMap(StepOutcome.init(rawValue:)),
                        durationSeconds: row[4], deviationKind: kind == .deviation ? deviation.flatMap(DeviationKind.init(rawValue:)) : nil)
                }
            }
        }
    }

    /// Stores a run recorded elsewhere (a JSON export): its revisions, its row and its whole
    /// event log, in one transaction, keeping its id, sequence numbers and times.
    ///
    /// - Throws: `.duplicateRun` when a run with that id is already here; `.corrupt` when the
    ///   log does not start with `run-started` or its numbers are not 1, 2, 3, …
    public func importRun(_ run: RunRecord, revisions: [RunbookRevision], events: [RunEvent]) throws(RecordStoreError) {
        guard let first = events.first, case .runStarted = first.payload else {
            throw RecordStoreError(.corrupt, path: path, "the imported run \(run.id) does not start with a run-started event.")
        }
        for (index, event) in events.enumerated() where event.sequence != index + 1 || event.runID != run.id {
            throw RecordStoreError(.corrupt, path: path, "event \(index + 1) of the imported run \(run.id) is numbered \(event.sequence) of run \(event.runID).")
        }
        if try self.run(id: run.id) != nil {
            throw RecordStoreError(.duplicateRun, path: path, "run \(run.id) is already in the records.")
        }
        var final = run
        for event in events {
            if let status = event.payload.resultingStatus {
                final.status = status
                final.finishedAt = status.isUnfinished ? nil : event.time
            }
        }
        let record = final
        for revision in revisions { try store(revision) }
        try perform {
            let variables = String(decoding: try JSONEncoder.sorted.encode(record.variables), as: UTF8.self)
            let secrets = String(decoding: try JSONEncoder.sorted.encode(record.secretNames), as: UTF8.self)
            let bodies = try events.map { String(decoding: try $0.payload.encodedBody(), as: UTF8.self) }
            try self.queue.write { db in
                try db.execute(sql: """
                    INSERT INTO run (id, revision_hash, runbook_id, path, operator, host, mode, variables,
                                     secret_names, status, started_at, finished_at, tool_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [record.id, record.revisionHash, record.runbookID, record.path, record.operatorName, record.host,
                                     record.mode.rawValue, variables, secrets, record.status.rawValue,
                                     record.startedAt.timeIntervalSince1970, record.finishedAt?.timeIntervalSince1970, record.toolVersion])
                for (event, body) in zip(events, bodies) { try RecordStore.insert(event, body: body, db: db) }
            }
        }
    }
}

extension RecordStore {
    /// A run's event rows in sequence order, payloads as stored (not decoded).
    public func storedEvents(of runID: String) throws(RecordStoreError) -> [StoredEvent] {
        try perform {
            try self.queue.read { db in
                let cursor = try Row.fetchCursor(db, sql: "SELECT sequence, time, step_id, kind, payload FROM event WHERE run_id = ? ORDER BY sequence", arguments: [runID])
                var events: [StoredEvent] = []
                while let row = try cursor.next() {
                    events.append(StoredEvent(sequence: row[0], time: Date(timeIntervalSince1970: row[1]), stepID: row[2], kind: row[3], payload: row[4]))
                }
                return events
            }
        }
    }
}
