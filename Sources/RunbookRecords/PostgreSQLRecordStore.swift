import Foundation

/// Records a team shares on a PostgreSQL server (docs/team.md), behind `RecordStore`.
///
/// One connection per store, used under a lock, a statement at a time. A write is one
/// transaction; when the connection drops (the server restarts, the network blinks) the
/// operation waits for the server and is tried again for up to `patience` seconds, and an
/// append that had in fact committed before the connection dropped is recognised by its chain
/// hash rather than written twice.
final class PostgreSQLRecordStore: RecordsBackend, @unchecked Sendable {
    let url: PostgreSQLLocation
    var location: String { url.shown }
    let tightenedFiles: [String] = []
    /// How long an operation waits for a server that went away before it gives up;
    /// `RUNBOOK_RECORDS_PATIENCE` (seconds) overrides it.
    let patience: TimeInterval
    /// Guards `connection` and `heldLeases`.
    let lock = NSLock()
    let connection: PostgreSQLConnection
    /// Runs this process holds the lease on, so a new session after a reconnect takes their
    /// advisory locks again.
    var heldLeases: Set<String> = []
    let lastHash = LastEventHashes()

    /// The columns of `runbook.run` that `runRecord(_:_:)` reads, in its order.
    static let runColumns =
        "id, revision_hash, runbook_id, path, operator, host, mode, variables, secret_names, status, started_at, finished_at, tool_version, head_hash, imported_at"

    /// - Parameter creatingSchema: false for a store opened only to read: a database without
    ///   runbook's schema is then `.noRecords`, as a missing SQLite file is, and nothing is
    ///   created.
    init(_ url: PostgreSQLLocation, creatingSchema: Bool = true) throws(RecordStoreError) {
        self.url = url
        let configured = ProcessInfo.processInfo.environment["RUNBOOK_RECORDS_PATIENCE"].flatMap(Double.init)
        patience = configured ?? 30
        connection = try PostgreSQLConnection(url)
        try migrate(creatingSchema: creatingSchema)
    }

    // MARK: Schema

    private func migrate(creatingSchema: Bool) throws(RecordStoreError) {
        try withConnection { connection, _ in
            if !creatingSchema {
                let found = try connection.execute("SELECT to_regclass('runbook.schema_migrations') IS NOT NULL")
                guard found.bool(0, 0) else {
                    throw RecordStoreError(
                        .noRecords, path: self.location,
                        "no records there yet: the database has no runbook schema (run a runbook with these records first, or give other --records)."
                    )
                }
            }
            if let applied = try? PostgreSQLRecordStore.appliedMigrations(connection) {
                try self.refuseNewer(applied)
                // Current: nothing to create, so a role with only the privileges of docs/team.md opens it.
                if Set(PostgreSQLSchema.knownVersions).isSubset(of: applied) { return }
            }
            try self.transaction(connection) {
                // One process at a time creates the schema; the others wait, then find it current.
                try connection.execute("SELECT pg_advisory_xact_lock(\(PostgreSQLRecordStore.lockClass), 0)")
                try connection.executeScript(PostgreSQLSchema.migrationsTable)
                let applied = try PostgreSQLRecordStore.appliedMigrations(connection)
                try self.refuseNewer(applied)
                for migration in PostgreSQLSchema.allMigrations where !applied.contains(migration.identifier) {
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO runbook.schema_migrations (identifier) VALUES ($1)", [migration.identifier])
                }
            }
        }
    }

    private static func appliedMigrations(_ connection: PostgreSQLConnection) throws -> [String] {
        let result = try connection.execute("SELECT identifier FROM runbook.schema_migrations")
        return (0..<result.count).map { result.string($0, 0) }
    }

    private func refuseNewer(_ applied: [String]) throws(RecordStoreError) {
        let unknown = Set(applied).subtracting(PostgreSQLSchema.knownVersions)
        guard unknown.isEmpty else {
            throw RecordStoreError(
                .newerSchema, path: location,
                "the records were written by a newer runbook (schema \(applied.sorted().joined(separator: ", "))); this one knows \(PostgreSQLSchema.knownVersions.joined(separator: ", ")). Upgrade runbook to read them."
            )
        }
    }

    func schemaVersions() throws(RecordStoreError) -> [String] {
        let applied = try withConnection { connection, _ in try PostgreSQLRecordStore.appliedMigrations(connection) }
        let known = PostgreSQLSchema.knownVersions
        return known.filter(applied.contains) + applied.filter { !known.contains($0) }
    }

    // MARK: Revisions

    func store(_ revision: RunbookRevision) throws(RecordStoreError) {
        try RecordStore.checkHash(of: revision, path: location)
        let verified = revision.isVerified || !revision.isRedacted
        let values: [String?] = [
            revision.hash, revision.runbookID, revision.path, revision.title, revision.version, revision.text,
            revision.isRedacted ? "true" : "false", verified ? "true" : "false",
            String(revision.storedAt.timeIntervalSince1970),
        ]
        try withConnection { connection, _ in
            // A stored revision never changes (the schema refuses it), except that the verified
            // text takes the place of an imported redacted one.
            try connection.execute(
                """
                INSERT INTO runbook.revision (hash, runbook_id, path, title, version, text, is_redacted, is_verified, stored_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (hash) DO UPDATE SET runbook_id = EXCLUDED.runbook_id, path = EXCLUDED.path,
                    title = EXCLUDED.title, version = EXCLUDED.version, text = EXCLUDED.text,
                    is_redacted = EXCLUDED.is_redacted, is_verified = true, stored_at = EXCLUDED.stored_at
                WHERE NOT runbook.revision.is_verified AND EXCLUDED.is_verified
                """, values)
        }
    }

    func revision(hash: String) throws(RecordStoreError) -> RunbookRevision? {
        let revision = try withConnection { connection, _ -> RunbookRevision? in
            let result = try connection.execute(
                "SELECT hash, runbook_id, path, title, version, text, is_redacted, stored_at, is_verified FROM runbook.revision WHERE hash = $1",
                [hash])
            guard result.count > 0 else { return nil }
            return RunbookRevision(
                hash: result.string(0, 0), runbookID: result.string(0, 1), path: result.string(0, 2),
                title: result.string(0, 3), version: result.optionalString(0, 4), text: result.string(0, 5),
                isRedacted: result.bool(0, 6), isVerified: result.bool(0, 8),
                storedAt: Date(timeIntervalSince1970: result.double(0, 7)))
        }
        if let revision { try RecordStore.checkHash(of: revision, path: location) }
        return revision
    }

    func revisions(runbookID: String) throws(RecordStoreError) -> [RunbookRevision] {
        let hashes = try withConnection { connection, _ in
            let result = try connection.execute(
                "SELECT hash FROM runbook.revision WHERE runbook_id = $1 ORDER BY stored_at, hash COLLATE \"C\"",
                [runbookID])
            return (0..<result.count).map { result.string($0, 0) }
        }
        var revisions: [RunbookRevision] = []
        for hash in hashes {
            if let revision = try revision(hash: hash) { revisions.append(revision) }
        }
        return revisions
    }

    func revisionHashes(startingWith prefix: String) throws(RecordStoreError) -> [String] {
        try withConnection { connection, _ in
            let result = try connection.execute(
                "SELECT hash FROM runbook.revision WHERE starts_with(hash, $1) ORDER BY hash COLLATE \"C\"",
                [prefix.lowercased()])
            return (0..<result.count).map { result.string($0, 0) }
        }
    }

    // MARK: Writing runs

    func begin(_ run: RunRecord, started: RunStartedPayload, holder: RunnerIdentity?) throws(RecordStoreError)
        -> RunEvent
    {
        let event = RunEvent(runID: run.id, sequence: 1, time: run.startedAt, payload: .runStarted(started))
        let (variables, secrets, body) = try encode {
            (
                String(decoding: try JSONEncoder.sorted.encode(run.variables), as: UTF8.self),
                String(decoding: try JSONEncoder.sorted.encode(run.secretNames), as: UTF8.self),
                String(decoding: try event.payload.encodedBody(), as: UTF8.self)
            )
        }
        let hash = RecordStore.chainHash(of: event, body: body, previous: EventChain.genesis)
        try withConnection { connection, isRetry in
            if holder != nil { try self.lockRun(run.id, connection) }
            // The first try may have committed before its connection dropped.
            if isRetry, try self.headHash(of: run.id, connection) == hash { return }
            try self.transaction(connection) {
                try connection.execute(
                    """
                    INSERT INTO runbook.run (id, revision_hash, runbook_id, path, operator, host, mode, variables,
                                             secret_names, status, started_at, finished_at, tool_version, head_hash)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $13)
                    """,
                    [
                        run.id, run.revisionHash, run.runbookID, run.path, run.operatorName, run.host,
                        run.mode.rawValue, variables, secrets, run.status.rawValue,
                        String(run.startedAt.timeIntervalSince1970), run.toolVersion, hash,
                    ])
                try PostgreSQLRecordStore.insert([event], bodies: [body], hashes: [hash], connection)
                if let holder { try PostgreSQLRecordStore.upsertLease(run.id, holder, at: run.startedAt, connection) }
            }
        }
        lastHash.remember(run.id, at: 1, hash: hash)
        return event
    }

    func append(_ events: [NewEvent], to runID: String, after lastSequence: Int) throws(RecordStoreError)
        -> [RunEvent]
    {
        guard !events.isEmpty else { return [] }
        let stored = NewEvent.numbered(events, runID: runID, after: lastSequence)
        let bodies = try encode { try stored.map { String(decoding: try $0.payload.encodedBody(), as: UTF8.self) } }
        // The hash this store wrote last, or, the first time it appends to the run (a resume),
        // the head read from the server; the server checks it is still the head.
        let previous: String
        if let known = lastHash.hash(of: runID, at: lastSequence) {
            previous = known
        } else {
            previous = try headForAppending(runID)
        }
        var hashes: [String] = []
        var chained = previous
        for (event, body) in zip(stored, bodies) {
            chained = RecordStore.chainHash(of: event, body: body, previous: chained)
            hashes.append(chained)
        }
        var parameters = PostgreSQLRecordStore.appendParameters(
            stored, bodies: bodies, hashes: hashes, runID: runID, after: lastSequence, previous: previous)
        let (outcome, last) = try withConnection { connection, isRetry in
            parameters[parameters.count - 1] = isRetry ? "true" : "false"
            let result = try connection.executePrepared(
                "runbook_append_events", PostgreSQLRecordStore.appendStatement, parameters)
            return (result.string(0, 0), result.isNull(0, 1) ? 0 : result.int(0, 1))
        }
        switch outcome {
        case "appended", "already":
            break
        case "unknown-run":
            throw RecordStoreError(.unknownRun, path: location, "run \(runID) is not in the records.")
        default:
            throw RecordStoreError(
                .concurrentWrite, path: location,
                "another runbook process recorded events in run \(runID) at the same time (its log is at event \(last), this process expected \(lastSequence)); this process stops without recording its \(stored.count == 1 ? "event" : "\(stored.count) events"). `runbook log \(runID)` shows what was recorded."
            )
        }
        lastHash.remember(runID, at: lastSequence + stored.count, hash: chained)
        return stored
    }

    func insertImported(_ imported: ImportedRun) throws(RecordStoreError) {
        let record = imported.record
        let (variables, secrets) = try encode {
            (
                String(decoding: try JSONEncoder.sorted.encode(record.variables), as: UTF8.self),
                String(decoding: try JSONEncoder.sorted.encode(record.secretNames), as: UTF8.self)
            )
        }
        try withConnection { connection, isRetry in
            if isRetry, try self.headHash(of: record.id, connection) == imported.hashes.last { return }
            try self.transaction(connection) {
                try connection.execute(
                    """
                    INSERT INTO runbook.run (id, revision_hash, runbook_id, path, operator, host, mode, variables,
                                             secret_names, status, started_at, finished_at, tool_version, head_hash, imported_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                    """,
                    [
                        record.id, record.revisionHash, record.runbookID, record.path, record.operatorName, record.host,
                        record.mode.rawValue, variables, secrets, record.status.rawValue,
                        String(record.startedAt.timeIntervalSince1970),
                        record.finishedAt.map { String($0.timeIntervalSince1970) }, record.toolVersion,
                        EventChain.genesis, String(Date().timeIntervalSince1970),
                    ])
                // In slices: a statement takes at most 65,535 parameters.
                var start = 0
                while start < imported.events.count {
                    let end = min(start + 1000, imported.events.count)
                    try PostgreSQLRecordStore.insert(
                        Array(imported.events[start..<end]), bodies: Array(imported.bodies[start..<end]),
                        hashes: Array(imported.hashes[start..<end]), connection)
                    start = end
                }
            }
        }
    }

    /// Inserts `events` in one statement.
    static func insert(_ events: [RunEvent], bodies: [String], hashes: [String], _ connection: PostgreSQLConnection)
        throws
    {
        var values: [String] = []
        var parameters: [String?] = []
        parameters.reserveCapacity(events.count * 7)
        for ((event, body), hash) in zip(zip(events, bodies), hashes) {
            let base = parameters.count
            values.append(
                "($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), $\(base + 6), $\(base + 7))")
            parameters += [
                event.runID, String(event.sequence), String(event.time.timeIntervalSince1970), event.stepID,
                event.kind.rawValue, body, hash,
            ]
        }
        try connection.execute(
            "INSERT INTO runbook.event (run_id, sequence, time, step_id, kind, payload, hash) VALUES "
                + values.joined(separator: ", "), parameters)
    }

    func headHash(of runID: String, _ connection: PostgreSQLConnection) throws -> String? {
        let result = try connection.execute("SELECT head_hash FROM runbook.run WHERE id = $1", [runID])
        return result.count == 0 ? nil : result.string(0, 0)
    }

    // MARK: Plumbing

    /// Runs `body` with the connection under the lock. A dropped connection is waited out for
    /// up to `patience` seconds, reconnecting, then `body` is run again with `isRetry` true
    /// (so it can find out whether its first try committed).
    @discardableResult
    func withConnection<T>(_ body: (PostgreSQLConnection, _ isRetry: Bool) throws -> T) throws(RecordStoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        var isRetry = false
        var deadline: Date?
        while true {
            do {
                return try body(connection, isRetry)
            } catch let error as RecordStoreError {
                throw error
            } catch let failure as PostgreSQLFailure where failure.connectionLost || !connection.isOpen {
                let giveUp = deadline ?? Date().addingTimeInterval(patience)
                deadline = giveUp
                guard Date() < giveUp else {
                    throw RecordStoreError(
                        .database, path: location,
                        "lost the connection to the records and the server did not come back within \(Int(patience)) seconds (\(failure.message)); nothing after the last recorded event was written."
                    )
                }
                usleep(250_000)
                if connection.reconnect() { relockHeldRuns() }
                isRetry = true
            } catch let failure as PostgreSQLFailure {
                throw RecordStoreError(.database, path: location, PostgreSQLRecordStore.explain(failure))
            } catch {
                throw RecordStoreError(
                    .database, path: location, "the records database refused the operation: \(error).")
            }
        }
    }

    /// Runs `body` in a transaction, rolled back if it throws.
    func transaction(_ connection: PostgreSQLConnection, _ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    private func encode<T>(_ body: () throws -> T) throws(RecordStoreError) -> T {
        do {
            return try body()
        } catch {
            throw RecordStoreError(.corrupt, path: location, "an event does not encode: \(error).")
        }
    }

    /// The server's refusal as a sentence.
    static func explain(_ failure: PostgreSQLFailure) -> String {
        switch failure.sqlState {
        case "23505":
            return
                "the records database refused the operation: the write conflicts with what is already recorded; another runbook process probably wrote the same run at the same time"
        case "42501":
            return
                "the records database refused the operation: the PostgreSQL role lacks a privilege runbook needs (docs/team.md lists them): \(failure.message)"
        case "23000":
            // The schema's own triggers speak in sentences already.
            return "the records database refused the operation: \(failure.message)"
        default:
            return "the records database refused the operation: \(failure.message)"
        }
    }
}
