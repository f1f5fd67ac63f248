import Foundation

// The records commands' queries (history, lessons, stats) on PostgreSQL: one statement each,
// the server joining and sorting.
extension PostgreSQLRecordStore {
    func history(runbookID: String?, limit: Int?) throws(RecordStoreError) -> [RunListing] {
        var sql = """
            SELECT r.id, r.runbook_id, r.path, r.revision_hash, r.operator, r.host, r.status, r.started_at,
                   r.finished_at, v.title, v.version
            FROM runbook.run r LEFT JOIN runbook.revision v ON v.hash = r.revision_hash
            """
        var parameters: [String?] = []
        if let runbookID {
            sql += " WHERE r.runbook_id = $1"
            parameters.append(runbookID)
        }
        // Ties broken on the id's bytes, as SQLite's BINARY collation orders them.
        sql += " ORDER BY r.started_at DESC, r.id COLLATE \"C\" DESC"
        if let limit {
            sql += " LIMIT $\(parameters.count + 1)"
            parameters.append(String(limit))
        }
        return try withConnection { connection, _ in
            let deviations = try PostgreSQLRecordStore.deviationCounts(connection)
            let result = try connection.execute(sql, parameters)
            var live: Set<String>?
            var runbookIDs = InternedStrings(), paths = InternedStrings(), hashes = InternedStrings()
            var operators = InternedStrings(), hosts = InternedStrings(), titles = InternedStrings()
            var listings: [RunListing] = []
            listings.reserveCapacity(result.count)
            for row in 0..<result.count {
                let id = result.string(row, 0)
                var status = RunStatus(storedName: result.bytes(row, 6)) ?? .running
                if status == .running {
                    if live == nil { live = try self.liveRunIDs(connection) }
                    status = RecordStore.shownStatus(status, runID: id, live: live!)
                }
                listings.append(
                    RunListing(
                        id: id, runbookID: runbookIDs.string(result.bytes(row, 1)),
                        path: paths.string(result.bytes(row, 2)),
                        title: result.isNull(row, 9) ? nil : titles.string(result.bytes(row, 9)),
                        version: result.optionalString(row, 10), revisionHash: hashes.string(result.bytes(row, 3)),
                        operatorName: operators.string(result.bytes(row, 4)), host: hosts.string(result.bytes(row, 5)),
                        status: status, startedAt: Date(timeIntervalSince1970: result.double(row, 7)),
                        finishedAt: result.optionalDouble(row, 8).map { Date(timeIntervalSince1970: $0) },
                        deviationCount: deviations.isEmpty ? 0 : deviations[id] ?? 0))
            }
            return listings
        }
    }

    private static func deviationCounts(_ connection: PostgreSQLConnection) throws -> [String: Int] {
        let result = try connection.execute(
            "SELECT run_id, count(*) FROM runbook.event WHERE kind = 'deviation' GROUP BY run_id")
        var counts: [String: Int] = [:]
        for row in 0..<result.count { counts[result.string(row, 0)] = result.int(row, 1) }
        return counts
    }

    func allRunIDs() throws(RecordStoreError) -> [String] {
        try withConnection { connection, _ in
            let result = try connection.execute("SELECT id FROM runbook.run ORDER BY id COLLATE \"C\"")
            return (0..<result.count).map { result.string($0, 0) }
        }
    }

    func uniquePrefixLengths(of ids: [String], minimum: Int) throws(RecordStoreError) -> [Int?] {
        let sorted = try withConnection { connection, _ in
            let result = try connection.execute("SELECT id FROM runbook.run ORDER BY id COLLATE \"C\"")
            var sorted = SortedIDs()
            for row in 0..<result.count { sorted.append(result.bytes(row, 0)) }
            return sorted
        }
        return sorted.prefixLengths(of: ids, minimum: minimum)
    }

    func annotations(runbookID: String?) throws(RecordStoreError) -> [RecordedAnnotation] {
        var sql = """
            SELECT e.run_id, e.time, e.step_id, e.kind, e.payload::jsonb ->> 'text', r.runbook_id
            FROM runbook.event e JOIN runbook.run r ON r.id = e.run_id
            WHERE e.kind IN ('note', 'lesson')
            """
        var parameters: [String?] = []
        if let runbookID {
            sql += " AND r.runbook_id = $1"
            parameters.append(runbookID)
        }
        sql += " ORDER BY e.time DESC, e.run_id COLLATE \"C\" DESC, e.sequence DESC"
        return try withConnection { connection, _ in
            let result = try connection.execute(sql, parameters)
            return (0..<result.count).map { row in
                RecordedAnnotation(
                    runID: result.string(row, 0), runbookID: result.string(row, 5),
                    time: Date(timeIntervalSince1970: result.double(row, 1)), stepID: result.optionalString(row, 2),
                    kind: result.string(row, 3) == "lesson" ? .lesson : .note, text: result.optionalString(row, 4) ?? ""
                )
            }
        }
    }

    func stepFacts(runbookID: String?) throws(RecordStoreError) -> [RecordedStepFact] {
        var sql = """
            SELECT e.run_id, e.step_id, e.kind, e.payload::jsonb ->> 'outcome',
                   (e.payload::jsonb ->> 'durationSeconds')::double precision, e.payload::jsonb ->> 'kind', r.runbook_id
            FROM runbook.event e JOIN runbook.run r ON r.id = e.run_id
            WHERE e.kind IN ('step-finished', 'skipped', 'deviation') AND e.step_id IS NOT NULL
            """
        var parameters: [String?] = []
        if let runbookID {
            sql += " AND r.runbook_id = $1"
            parameters.append(runbookID)
        }
        sql += " ORDER BY r.started_at, e.run_id COLLATE \"C\", e.sequence"
        return try withConnection { connection, _ in
            let result = try connection.execute(sql, parameters)
            return (0..<result.count).compactMap { row in
                guard let kind = EventKind(rawValue: result.string(row, 2)) else { return nil }
                return RecordedStepFact(
                    runID: result.string(row, 0), runbookID: result.string(row, 6), stepID: result.string(row, 1),
                    kind: kind, outcome: result.optionalString(row, 3).flatMap(StepOutcome.init(rawValue:)),
                    durationSeconds: result.optionalDouble(row, 4),
                    deviationKind: kind == .deviation
                        ? result.optionalString(row, 5).flatMap(DeviationKind.init(rawValue:)) : nil)
            }
        }
    }
}
