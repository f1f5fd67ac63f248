import Foundation
import GRDB

// Read-only queries for the records commands (history, lessons, stats) and the one write that
// is not the engine's: importing a run exported elsewhere. Each query reads the rows it needs
// with SQL, so listing 10,000 runs costs one statement, not 10,000 folds.
extension SQLiteRecordStore {
    /// Runs, most recent first, optionally of one runbook (`runbookID`) and at most `limit`.
    func history(runbookID: String? = nil, limit: Int? = nil) throws(RecordStoreError) -> [RunListing] {
        // One pass over the runs. Titles and deviation counts are read separately, once per
        // revision and per run that has deviations, instead of being joined into every row:
        // with 10,000 runs the joins cost more than reading the runs. Cells are read as bytes (SQLiteRow), so a listing makes a
        // string per run id and shares the path, hash and title strings that repeat.
        var sql = "SELECT id, runbook_id, path, revision_hash, operator, host, status, started_at, finished_at FROM run"
        var arguments: StatementArguments = []
        if let runbookID {
            sql += " WHERE runbook_id = ?"
            arguments += [runbookID]
        }
        // The newest `limit` runs come from the index on `started_at`. All of them are read in
        // the table's order and sorted here: following the index costs a look-up of the row for
        // every run, and the tie-break on id a temporary B-tree per distinct start time, which
        // together cost more than the sort.
        if let limit {
            sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
            arguments += [limit]
        }
        return try perform {
            try self.queue.read { db in
                let deviations = try SQLiteRecordStore.deviationCounts(db)
                var live: Set<String>?
                let titles = try db.makeStatement(sql: "SELECT title, version FROM revision WHERE hash = ?")
                var revisions: [String: (title: String?, version: String?)] = [:]
                var last: (hash: String, title: String?, version: String?)?
                var runbookIDs = InternedStrings(), paths = InternedStrings(), hashes = InternedStrings()
                var operators = InternedStrings(), hosts = InternedStrings()
                let statement = try db.makeStatement(sql: sql)
                let cursor = try Row.fetchCursor(statement, arguments: arguments)
                var listings: [RunListing] = []
                // Sized up front: growing an array of 10,000 listings copied it a dozen times
                // into fresh memory, a page fault per 4 KiB each time.
                listings.reserveCapacity(try limit ?? Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0)
                while try cursor.next() != nil {
                    let row = SQLiteRow(statement)
                    let id = row.string(0)
                    let hash = hashes.string(row.bytes(3))
                    if last?.hash != hash {
                        if let known = revisions[hash] {
                            last = (hash, known.title, known.version)
                        } else {
                            let found = try Row.fetchOne(titles, arguments: [hash]).map {
                                (title: $0[0] as String?, version: $0[1] as String?)
                            }
                            revisions[hash] = found ?? (nil, nil)
                            last = (hash, found?.title, found?.version)
                        }
                    }
                    let status = row.bytes(6)
                    listings.append(
                        RunListing(
                            id: id, runbookID: runbookIDs.string(row.bytes(1)), path: paths.string(row.bytes(2)),
                            title: last?.title, version: last?.version, revisionHash: hash,
                            operatorName: operators.string(row.bytes(4)), host: hosts.string(row.bytes(5)),
                            status: try {
                                let stored = RunStatus(storedName: status) ?? .running
                                guard stored == .running else { return stored }
                                if live == nil { live = try SQLiteRecordStore.liveRunIDs(db) }
                                return RecordStore.shownStatus(stored, runID: id, live: live!)
                            }(),
                            startedAt: Date(timeIntervalSince1970: row.double(7)),
                            finishedAt: row.isNull(8) ? nil : Date(timeIntervalSince1970: row.double(8)),
                            deviationCount: deviations.isEmpty ? 0 : deviations[id] ?? 0))
                }
                if limit == nil { SQLiteRecordStore.sortNewestFirst(&listings) }
                return listings
            }
        }
    }

    /// How many deviations each run that has any recorded, from the partial index
    /// `event_deviations` (schema v2).
    private static func deviationCounts(_ db: Database) throws -> [String: Int] {
        let statement = try db.makeStatement(
            sql: "SELECT run_id, count(*) FROM event WHERE kind = 'deviation' GROUP BY run_id")
        let cursor = try Row.fetchCursor(statement)
        var counts: [String: Int] = [:]
        while try cursor.next() != nil {
            let row = SQLiteRow(statement)
            counts[row.string(0)] = row.int(1)
        }
        return counts
    }

    /// Puts `listings` in the order of `ORDER BY started_at DESC, id DESC` (ids compared as
    /// bytes, as SQLite's BINARY collation does).
    private static func sortNewestFirst(_ listings: inout [RunListing]) {
        let starts = listings.map(\.startedAt)
        let order = listings.indices.sorted { a, b in
            if starts[a] != starts[b] { return starts[a] > starts[b] }
            return listings[b].id.utf8.lexicographicallyPrecedes(listings[a].id.utf8)
        }
        // Applied in place, a cycle at a time: swaps move listings without copying their strings
        // into a second array.
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var position = start
            while order[position] != start {
                listings.swapAt(position, order[position])
                placed[position] = true
                position = order[position]
            }
            placed[position] = true
        }
    }

    /// Every run id, sorted, for computing the shortest unique prefixes to show.
    func allRunIDs() throws(RecordStoreError) -> [String] {
        try perform { try self.queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM run ORDER BY id") } }
    }

    /// For each of `ids`, the length in bytes of the shortest prefix that no other run's id
    /// starts with (at least `minimum`); `nil` for an id that is not in the records. The same
    /// lengths as `RunID.uniquePrefixLengths(sortedIDs: allRunIDs())`, without a string or a
    /// dictionary entry per run: the ids are read into one buffer in index order and each
    /// asked-for id is found by binary search.
    func uniquePrefixLengths(of ids: [String], minimum: Int = 8) throws(RecordStoreError) -> [Int?] {
        let sorted = try perform {
            try self.queue.read { db in
                let statement = try db.makeStatement(sql: "SELECT id FROM run ORDER BY id")
                let cursor = try Row.fetchCursor(statement)
                var ids = SortedIDs()
                while try cursor.next() != nil { ids.append(SQLiteRow(statement).bytes(0)) }
                return ids
            }
        }
        return sorted.prefixLengths(of: ids, minimum: minimum)
    }

    /// Notes and lessons of every run of a runbook (or of all runbooks), newest first.
    func annotations(runbookID: String?) throws(RecordStoreError) -> [RecordedAnnotation] {
        var sql = """
            SELECT e.run_id, e.time, e.step_id, e.kind, json_extract(e.payload, '$.text'), r.runbook_id
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
                        runID: row[0], runbookID: row[5], time: Date(timeIntervalSince1970: row[1]), stepID: row[2],
                        kind: (row[3] as String) == "lesson" ? .lesson : .note, text: row[4] ?? "")
                }
            }
        }
    }

    /// Step ends, skips and deviations of every run of a runbook (or of all), in log order.
    func stepFacts(runbookID: String?) throws(RecordStoreError) -> [RecordedStepFact] {
        var sql = """
            SELECT e.run_id, e.step_id, e.kind, json_extract(e.payload, '$.outcome'),
                   json_extract(e.payload, '$.durationSeconds'), json_extract(e.payload, '$.kind'), r.runbook_id
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
                        runID: row[0], runbookID: row[6], stepID: row[1], kind: kind,
                        outcome: outcome.flatMap(StepOutcome.init(rawValue:)),
                        durationSeconds: row[4],
                        deviationKind: kind == .deviation ? deviation.flatMap(DeviationKind.init(rawValue:)) : nil)
                }
            }
        }
    }

    /// Writes a run whose import `ImportedRun` checked: its row and its whole event log, in one
    /// transaction.
    func insertImported(_ imported: ImportedRun) throws(RecordStoreError) {
        let record = imported.record, events = imported.events
        let bodies = imported.bodies, hashes = imported.hashes
        try perform {
            let variables = String(decoding: try JSONEncoder.sorted.encode(record.variables), as: UTF8.self)
            let secrets = String(decoding: try JSONEncoder.sorted.encode(record.secretNames), as: UTF8.self)
            try self.queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, revision_hash, runbook_id, path, operator, host, mode, variables,
                                         secret_names, status, started_at, finished_at, tool_version, head_hash, imported_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.id, record.revisionHash, record.runbookID, record.path, record.operatorName, record.host,
                        record.mode.rawValue, variables, secrets, record.status.rawValue,
                        record.startedAt.timeIntervalSince1970, record.finishedAt?.timeIntervalSince1970,
                        record.toolVersion,
                        EventChain.genesis, Date().timeIntervalSince1970,
                    ])
                for ((event, body), hash) in zip(zip(events, bodies), hashes) {
                    try SQLiteRecordStore.insert(event, body: body, hash: hash, db: db)
                }
            }
        }
    }
}

extension SQLiteRecordStore {
    /// Calls `body` with each of a run's event rows in sequence order, as SQLite holds them.
    func forEachStoredEvent(of runID: String, _ body: (StoredEventRow) -> Void) throws(RecordStoreError) {
        try perform {
            try self.queue.read { db in
                let statement = try db.makeStatement(
                    sql:
                        "SELECT sequence, time, step_id, kind, payload, hash FROM event WHERE run_id = ? ORDER BY sequence"
                )
                let cursor = try Row.fetchCursor(statement, arguments: [runID])
                while try cursor.next() != nil {
                    let row = SQLiteRow(statement)
                    body(
                        StoredEventRow(
                            sequence: row.int(0), time: Date(timeIntervalSince1970: row.double(1)),
                            stepID: row.isNull(2) ? nil : row.bytes(2), kind: row.bytes(3), payload: row.bytes(4),
                            hash: row.bytes(5)))
                }
            }
        }
    }
}
