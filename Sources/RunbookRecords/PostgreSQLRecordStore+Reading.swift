import Foundation

// Reading runs and their logs back from PostgreSQL, into the same values SQLite's rows make.
extension PostgreSQLRecordStore {
    func run(id: String) throws(RecordStoreError) -> RunRecord? {
        try withConnection { connection, _ in
            let result = try connection.execute(
                "SELECT \(PostgreSQLRecordStore.runColumns) FROM runbook.run WHERE id = $1", [id])
            return try self.runRecords(result, connection).first
        }
    }

    func run(matching reference: String) throws(RecordStoreError) -> RunRecord {
        let matches = try withConnection { connection, _ in
            let result = try connection.execute(
                "SELECT \(PostgreSQLRecordStore.runColumns) FROM runbook.run WHERE starts_with(lower(id), $1) ORDER BY started_at DESC LIMIT 2",
                [reference.lowercased()])
            return try self.runRecords(result, connection)
        }
        if let exact = matches.first(where: { $0.id == reference }) { return exact }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw RecordStoreError(.unknownRun, path: location, "no run has an id starting with '\(reference)'.")
        default:
            throw RecordStoreError(
                .unknownRun, path: location, "several runs have ids starting with '\(reference)'; give more characters."
            )
        }
    }

    func latestUnfinishedRun(of runbookID: String?, includingRunning: Bool) throws(RecordStoreError) -> RunRecord? {
        let statuses = includingRunning ? "'running', 'paused', 'interrupted'" : "'paused', 'interrupted'"
        let sql =
            "SELECT \(PostgreSQLRecordStore.runColumns) FROM runbook.run WHERE status IN (\(statuses))"
            + (runbookID == nil ? "" : " AND runbook_id = $1") + " ORDER BY started_at DESC LIMIT 1"
        return try withConnection { connection, _ in
            try self.runRecords(try connection.execute(sql, runbookID.map { [$0] } ?? []), connection).first
        }
    }

    func runs(limit: Int) throws(RecordStoreError) -> [RunRecord] {
        try withConnection { connection, _ in
            let result = try connection.execute(
                "SELECT \(PostgreSQLRecordStore.runColumns) FROM runbook.run ORDER BY started_at DESC LIMIT $1",
                [String(limit)])
            return try self.runRecords(result, connection)
        }
    }

    func latestRuns(ofRunbooks ids: [String]) throws(RecordStoreError) -> [String: RunRecord] {
        try withConnection { connection, _ in
            var latest: [String: RunRecord] = [:]
            for id in Set(ids) {
                let result = try connection.execute(
                    "SELECT \(PostgreSQLRecordStore.runColumns) FROM runbook.run WHERE runbook_id = $1 ORDER BY started_at DESC LIMIT 1",
                    [id])
                if let record = try self.runRecords(result, connection).first { latest[id] = record }
            }
            return latest
        }
    }

    func events(of runID: String, eachRow: ((StoredEventRow) -> Void)?) throws(RecordStoreError) -> [RunEvent] {
        var decoder = try withConnection { connection, _ in
            let result = try PostgreSQLRecordStore.eventRows(of: runID, connection)
            var decoder = EventLogDecoder(runID: runID, capacity: result.count)
            for row in 0..<result.count {
                let known = decoder.add(
                    sequence: result.int(row, 0), time: result.double(row, 1),
                    stepID: result.isNull(row, 2) ? nil : result.bytes(row, 2), kind: result.bytes(row, 3),
                    body: result.bytes(row, 4))
                if !known { break }
                if let eachRow { eachRow(PostgreSQLRecordStore.storedRow(result, row)) }
            }
            return decoder
        }
        return try decoder.finish(location: location)
    }

    func forEachStoredEvent(of runID: String, _ body: (StoredEventRow) -> Void) throws(RecordStoreError) {
        try withConnection { connection, _ in
            let result = try PostgreSQLRecordStore.eventRows(of: runID, connection)
            for row in 0..<result.count { body(PostgreSQLRecordStore.storedRow(result, row)) }
        }
    }

    static func eventRows(of runID: String, _ connection: PostgreSQLConnection) throws -> PostgreSQLResult {
        try connection.execute(
            "SELECT sequence, time, step_id, kind, payload, hash FROM runbook.event WHERE run_id = $1 ORDER BY sequence",
            [runID])
    }

    static func storedRow(_ result: PostgreSQLResult, _ row: Int) -> StoredEventRow {
        StoredEventRow(
            sequence: result.int(row, 0), time: Date(timeIntervalSince1970: result.double(row, 1)),
            stepID: result.isNull(row, 2) ? nil : result.bytes(row, 2), kind: result.bytes(row, 3),
            payload: result.bytes(row, 4), hash: result.bytes(row, 5))
    }

    /// The runs in `result` (selected as `runColumns`), a `running` one whose holder is gone
    /// shown as interrupted.
    func runRecords(_ result: PostgreSQLResult, _ connection: PostgreSQLConnection) throws -> [RunRecord] {
        var records: [RunRecord] = []
        var live: Set<String>?
        for row in 0..<result.count {
            var record = RunRecord(
                id: result.string(row, 0), revisionHash: result.string(row, 1), runbookID: result.string(row, 2),
                path: result.string(row, 3), operatorName: result.string(row, 4), host: result.string(row, 5),
                mode: RunMode(rawValue: result.string(row, 6)) ?? .scripted,
                variables: try JSONDecoder().decode([String: String].self, from: Data(result.bytes(row, 7))),
                secretNames: try JSONDecoder().decode([String].self, from: Data(result.bytes(row, 8))),
                status: RunStatus(rawValue: result.string(row, 9)) ?? .running,
                startedAt: Date(timeIntervalSince1970: result.double(row, 10)),
                finishedAt: result.optionalDouble(row, 11).map { Date(timeIntervalSince1970: $0) },
                toolVersion: result.string(row, 12))
            record.headHash = result.string(row, 13)
            record.importedAt = result.optionalDouble(row, 14).map { Date(timeIntervalSince1970: $0) }
            if record.status == .running {
                if live == nil { live = try liveRunIDs(connection) }
                record.status = RecordStore.shownStatus(record.status, runID: record.id, live: live!)
            }
            records.append(record)
        }
        return records
    }
}
