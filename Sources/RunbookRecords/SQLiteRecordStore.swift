import Foundation
import GRDB
import RunbookBytes

#if canImport(Glibc)
import Glibc
#endif

/// The records in one SQLite file holding runbook revisions, runs and their event logs: the
/// embedded default behind `RecordStore`.
///
/// Every write is one transaction that has committed when the method returns, so the engine
/// can promise that a fact is durable before it moves on. The file is in WAL mode with
/// `synchronous=NORMAL`: a commit survives the process being killed (`kill -9`) because the WAL
/// is in the OS page cache; only a power loss or kernel crash can take the last commits back,
/// which is the price of not paying an fsync per step (docs/records.md).
final class SQLiteRecordStore: RecordsBackend {
    /// The database file.
    let path: String
    var location: String { path }
    let queue: DatabaseQueue
    /// Files of these records (the database, its -wal and -shm) that other users could read or
    /// write when they were opened, and that were made owner-only: the caller says so.
    let tightenedFiles: [String]
    /// The hash of the last event this store appended to each run, so an append does not read
    /// it back (the engine appends twice per step).
    let lastHash = LastEventHashes()

    /// Opens (creating if needed) the records at `path`.
    ///
    /// A new file and its directory are created readable by the owner only (0600 and 0700):
    /// records hold commands, outputs and host names.
    init(path: String) throws(RecordStoreError) {
        self.path = path
        tightenedFiles = SQLiteRecordStore.tightenPermissions(path)
        queue = try SQLiteRecordStore.openForWriting(path)
    }

    /// Opens existing records only to read them: what `history`, `log`, `export` and the other
    /// reading commands need.
    ///
    /// Opening for writing sets up WAL mode with a write (GRDB creates and drops a table when
    /// the `-wal` file is empty, as it is after every clean close) and applies migrations, so
    /// every listing wrote to the file. A file whose schema is current is opened read-only; an
    /// older one is opened for writing, which migrates it, as before. Fails as `init(path:)`
    /// does when the file was written by a newer `runbook`.
    init(readingExisting path: String) throws(RecordStoreError) {
        self.path = path
        tightenedFiles = SQLiteRecordStore.tightenPermissions(path)
        if let queue = try SQLiteRecordStore.openForReading(path) {
            self.queue = queue
        } else {
            queue = try SQLiteRecordStore.openForWriting(path)
        }
    }

    private static func openForWriting(_ path: String) throws(RecordStoreError) -> DatabaseQueue {
        try SQLiteRecordStore.createPrivately(path)
        var configuration = Configuration()
        configuration.journalMode = .wal
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.label = "runbook-records"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        // SQLite gives -wal and -shm the main file's mode; the umask covers the moment before.
        let previousMask = umask(0o077)
        defer { umask(previousMask) }
        // Setting up WAL mode and migrating are several statements GRDB does not make atomic:
        // two first runs at once raced to create the same tables. One process at a time sets
        // the file up; the others wait, then find it current.
        let setUp = try SetUpLock(forRecordsAt: path)
        defer { setUp.release() }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = RecordSchema.migrator
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
                throw newerSchema(path, queue)
            }
            try migrator.migrate(queue)
            return queue
        } catch let error as RecordStoreError {
            throw error
        } catch {
            throw RecordStoreError(
                .cannotOpen, path: path, "cannot open the records database: \(SQLiteRecordStore.describe(error)).")
        }
    }

    /// A read-only connection to records whose schema is current; nil when they need a
    /// migration or cannot be opened read-only (opening for writing then says why).
    private static func openForReading(_ path: String) throws(RecordStoreError) -> DatabaseQueue? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.label = "runbook-records"
        let previousMask = umask(0o077)
        defer { umask(previousMask) }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let migrator = RecordSchema.migrator
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
                throw newerSchema(path, queue)
            }
            return try queue.read({ try migrator.hasCompletedMigrations($0) }) ? queue : nil
        } catch let error as RecordStoreError {
            throw error
        } catch {
            return nil
        }
    }

    private static func newerSchema(_ path: String, _ queue: DatabaseQueue) -> RecordStoreError {
        let applied = (try? queue.read { try RecordSchema.migrator.appliedIdentifiers($0) }) ?? []
        return RecordStoreError(
            .newerSchema, path: path,
            "the records were written by a newer runbook (schema \(applied.sorted().joined(separator: ", "))); this one knows \(RecordSchema.versions.joined(separator: ", ")). Upgrade runbook to read them."
        )
    }

    /// The schema migrations applied to this file, oldest first.
    func schemaVersions() throws(RecordStoreError) -> [String] {
        try perform { try self.queue.read { try RecordSchema.migrator.completedMigrations($0) } }
    }

    // MARK: Revisions

    /// Stores a revision unless one with the same hash is already there. A revision that is
    /// redacted and not verified (an import's) never takes the place of a verified one; a
    /// verified one replaces an unverified one, so a run of the real file always stores, and
    /// later shows, the file's own text.
    ///
    /// - Throws: `.corrupt` when the text is not redacted and does not hash to `hash`: a
    ///   revision is the exact text a run followed, and a later run of the real file would
    ///   otherwise find someone else's text under its hash.
    func store(_ revision: RunbookRevision) throws(RecordStoreError) {
        try RecordStore.checkHash(of: revision, path: path)
        let verified = revision.isVerified || !revision.isRedacted
        try perform {
            try self.queue.write { db in
                // A stored revision never changes (the schema refuses it), except that the
                // verified text takes the place of an imported redacted one.
                if let stored = try Bool.fetchOne(
                    db, sql: "SELECT is_verified FROM revision WHERE hash = ?", arguments: [revision.hash])
                {
                    guard !stored, verified else { return }
                    try db.execute(
                        sql: """
                            UPDATE revision SET runbook_id = ?, path = ?, title = ?, version = ?, text = ?,
                                                is_redacted = ?, is_verified = 1, stored_at = ?
                            WHERE hash = ?
                            """,
                        arguments: [
                            revision.runbookID, revision.path, revision.title, revision.version, revision.text,
                            revision.isRedacted, revision.storedAt.timeIntervalSince1970, revision.hash,
                        ])
                    return
                }
                try db.execute(
                    sql: """
                        INSERT INTO revision (hash, runbook_id, path, title, version, text, is_redacted, is_verified, stored_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        revision.hash, revision.runbookID, revision.path, revision.title,
                        revision.version, revision.text, revision.isRedacted, verified,
                        revision.storedAt.timeIntervalSince1970,
                    ])
            }
        }
    }

    /// The stored revision with `hash`, checked against its hash as it is read.
    /// - Throws: `.corrupt` when an unredacted text no longer hashes to `hash`.
    func revision(hash: String) throws(RecordStoreError) -> RunbookRevision? {
        let revision = try perform {
            try self.queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM revision WHERE hash = ?", arguments: [hash]).map {
                    RunbookRevision(
                        hash: $0["hash"], runbookID: $0["runbook_id"], path: $0["path"], title: $0["title"],
                        version: $0["version"], text: $0["text"], isRedacted: $0["is_redacted"],
                        isVerified: $0["is_verified"], storedAt: Date(timeIntervalSince1970: $0["stored_at"]))
                }
            }
        }
        if let revision { try RecordStore.checkHash(of: revision, path: path) }
        return revision
    }

    // MARK: Runs

    /// Creates the run row and its `run-started` event in one transaction, with the run's lease
    /// for `holder` when one is given.
    func begin(_ run: RunRecord, started: RunStartedPayload, holder: RunnerIdentity? = nil)
        throws(RecordStoreError) -> RunEvent
    {
        let event = RunEvent(runID: run.id, sequence: 1, time: run.startedAt, payload: .runStarted(started))
        try perform {
            let variables = String(decoding: try JSONEncoder.sorted.encode(run.variables), as: UTF8.self)
            let secrets = String(decoding: try JSONEncoder.sorted.encode(run.secretNames), as: UTF8.self)
            let body = String(decoding: try event.payload.encodedBody(), as: UTF8.self)
            let hash = RecordStore.chainHash(of: event, body: body, previous: EventChain.genesis)
            try self.queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO run (id, revision_hash, runbook_id, path, operator, host, mode, variables,
                                         secret_names, status, started_at, finished_at, tool_version, head_hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)
                        """,
                    arguments: [
                        run.id, run.revisionHash, run.runbookID, run.path, run.operatorName, run.host,
                        run.mode.rawValue, variables, secrets, run.status.rawValue,
                        run.startedAt.timeIntervalSince1970, run.toolVersion, hash,
                    ])
                try SQLiteRecordStore.insert(event, body: body, hash: hash, db: db)
                if let holder {
                    try SQLiteRecordStore.insertLease(runID: run.id, holder: holder, at: run.startedAt, db: db)
                }
            }
            self.lastHash.remember(run.id, at: 1, hash: hash)
        }
        return event
    }

    /// Appends events to a run's log in one transaction, numbering them after `lastSequence`.
    ///
    /// Fails, writing nothing, if another process appended to the run since (two processes
    /// resuming the same run cannot interleave their logs).
    @discardableResult
    func append(_ events: [NewEvent], to runID: String, after lastSequence: Int) throws(RecordStoreError)
        -> [RunEvent]
    {
        guard !events.isEmpty else { return [] }
        let stored = NewEvent.numbered(events, runID: runID, after: lastSequence)
        try perform {
            let bodies = try stored.map { String(decoding: try $0.payload.encodedBody(), as: UTF8.self) }
            var head = ""
            try self.queue.writeWithoutTransaction { db in
                try SQLiteRecordStore.inTransaction(db) {
                    // Another process appended since this one last read the log: nothing of this
                    // batch is written, and the operator reads why instead of SQLite's constraint.
                    let last =
                        try Int.fetchOne(
                            db.cachedStatement(sql: "SELECT max(sequence) FROM event WHERE run_id = ?"),
                            arguments: [runID]) ?? 0
                    guard last == lastSequence else {
                        throw RecordStoreError(
                            .concurrentWrite, path: self.path,
                            "another runbook process recorded events in run \(runID) at the same time (its log is at event \(last), this process expected \(lastSequence)); this process stops without recording its \(stored.count == 1 ? "event" : "\(stored.count) events"). `runbook log \(runID)` shows what was recorded."
                        )
                    }
                    // The chain continues from the event this writer last saw.
                    var previous =
                        try self.lastHash.hash(of: runID, at: lastSequence) ?? String.fetchOne(
                            db.cachedStatement(sql: "SELECT hash FROM event WHERE run_id = ? AND sequence = ?"),
                            arguments: [runID, lastSequence]) ?? EventChain.genesis
                    for (event, body) in zip(stored, bodies) {
                        previous = RecordStore.chainHash(of: event, body: body, previous: previous)
                        try SQLiteRecordStore.insert(event, body: body, hash: previous, db: db)
                        head = previous
                        if let status = event.payload.resultingStatus {
                            let finished: Double? = status.isUnfinished ? nil : event.time.timeIntervalSince1970
                            try db.cachedStatement(sql: "UPDATE run SET status = ?, finished_at = ? WHERE id = ?")
                                .execute(arguments: [status.rawValue, finished, runID])
                        }
                    }
                }
            }
            self.lastHash.remember(runID, at: lastSequence + stored.count, hash: head)
        }
        return stored
    }

    /// Runs `body` in an immediate transaction whose BEGIN and COMMIT are prepared once per
    /// connection: the engine appends twice per step, and GRDB's `write` parses both
    /// statements each time. Immediate takes the write lock up front, so a second process
    /// waits (busy timeout) at the start instead of failing halfway.
    static func inTransaction(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            try body()
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        } catch {
            if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
            throw error
        }
    }

    func run(id: String) throws(RecordStoreError) -> RunRecord? {
        try perform {
            try self.queue.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map {
                    try SQLiteRecordStore.runRecord($0, db)
                }
            }
        }
    }

    /// The run whose id is `reference` or starts with it.
    /// - Throws: `.unknownRun` when no run or several runs match.
    func run(matching reference: String) throws(RecordStoreError) -> RunRecord {
        let escaped = reference.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
            of: "_", with: "")
        let matches = try perform {
            try self.queue.read { db in
                // Ids are lowercase (RunID), so the ids starting with the prefix are a range of
                // the primary key's index: found without reading every run, which `LIKE` (not
                // indexable, being case-insensitive) did, a fifth of a `log` of 10,000 runs.
                // An id written otherwise (a hand-edited import) is still found by `LIKE`.
                var rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM run WHERE id >= ? AND id < ? ORDER BY started_at DESC LIMIT 2",
                    arguments: [escaped, escaped + "\u{10FFFF}"])
                if rows.isEmpty {
                    rows = try Row.fetchAll(
                        db, sql: "SELECT * FROM run WHERE id LIKE ? ORDER BY started_at DESC LIMIT 2",
                        arguments: [escaped + "%"])
                }
                return try rows.map { try SQLiteRecordStore.runRecord($0, db) }
            }
        }
        if let exact = matches.first(where: { $0.id == reference }) { return exact }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw RecordStoreError(.unknownRun, path: path, "no run has an id starting with '\(reference)'.")
        default:
            throw RecordStoreError(
                .unknownRun, path: path, "several runs have ids starting with '\(reference)'; give more characters.")
        }
    }

    /// The most recently started run that is running, paused or interrupted.
    /// - Parameters:
    ///   - runbookID: only runs of this runbook, when given.
    ///   - includingRunning: false leaves out runs listed `running` (a live runner holds them).
    func latestUnfinishedRun(of runbookID: String? = nil, includingRunning: Bool = true) throws(RecordStoreError)
        -> RunRecord?
    {
        let statuses = includingRunning ? "'running', 'paused', 'interrupted'" : "'paused', 'interrupted'"
        let sql =
            "SELECT * FROM run WHERE status IN (\(statuses))" + (runbookID == nil ? "" : " AND runbook_id = ?")
            + " ORDER BY started_at DESC LIMIT 1"
        return try perform {
            try self.queue.read { db in
                try Row.fetchOne(db, sql: sql, arguments: StatementArguments(runbookID.map { [$0] } ?? []))
                    .map { try SQLiteRecordStore.runRecord($0, db) }
            }
        }
    }

    /// Runs, most recent first.
    func runs(limit: Int = 100) throws(RecordStoreError) -> [RunRecord] {
        try perform {
            try self.queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY started_at DESC LIMIT ?", arguments: [limit]).map
                { try SQLiteRecordStore.runRecord($0, db) }
            }
        }
    }

    /// A run's whole event log in sequence order.
    /// - Parameter eachRow: sees every row as stored, as it is read (the JSON export writes the
    ///   rows and folds the events in one pass over the log).
    func events(of runID: String, eachRow: ((StoredEventRow) -> Void)?) throws(RecordStoreError) -> [RunEvent] {
        // Rows are read as bytes and flat payloads (nearly all) decoded from them as they come
        // (FlatPayloadReader): no string per payload and no decoder. The few others are decoded
        // a kind at a time afterwards, each kind in one decoder call.
        var decoder = try perform {
            try self.queue.read { db in
                let statement = try db.makeStatement(
                    sql:
                        "SELECT sequence, time, step_id, kind, payload, hash FROM event WHERE run_id = ? ORDER BY sequence"
                )
                let cursor = try Row.fetchCursor(statement, arguments: [runID])
                // Sequences count from 1 without gaps: the last one is the log's length.
                var decoder = EventLogDecoder(
                    runID: runID,
                    capacity: try Int.fetchOne(
                        db, sql: "SELECT max(sequence) FROM event WHERE run_id = ?", arguments: [runID]) ?? 0)
                while try cursor.next() != nil {
                    let row = SQLiteRow(statement)
                    let body = row.bytes(4)
                    let known = decoder.add(
                        sequence: row.int(0), time: row.double(1), stepID: row.isNull(2) ? nil : row.bytes(2),
                        kind: row.bytes(3), body: body)
                    if !known { break }
                    if let eachRow {
                        eachRow(
                            StoredEventRow(
                                sequence: row.int(0), time: Date(timeIntervalSince1970: row.double(1)),
                                stepID: row.isNull(2) ? nil : row.bytes(2), kind: row.bytes(3), payload: body,
                                hash: row.bytes(5)))
                    }
                }
                return decoder
            }
        }
        return try decoder.finish(location: path)
    }

    // MARK: Helpers

    static func insert(_ event: RunEvent, body: String, hash: String, db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO event (run_id, sequence, time, step_id, kind, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        .execute(arguments: [
            event.runID, event.sequence, event.time.timeIntervalSince1970, event.stepID, event.kind.rawValue, body,
            hash,
        ])
    }

    /// The run in `row`, its status as shown (`shownStatus`: a `running` run nobody runs any
    /// more reads as interrupted).
    private static func runRecord(_ row: Row, _ db: Database) throws -> RunRecord {
        var record = try runRecord(row)
        if record.status == .running {
            record.status = RecordStore.shownStatus(record.status, runID: record.id, live: try liveRunIDs(db))
        }
        return record
    }

    private static func runRecord(_ row: Row) throws -> RunRecord {
        let variables: String = row["variables"]
        let secrets: String = row["secret_names"]
        let finished: Double? = row["finished_at"]
        let imported: Double? = row["imported_at"]
        var record = RunRecord(
            id: row["id"], revisionHash: row["revision_hash"], runbookID: row["runbook_id"], path: row["path"],
            operatorName: row["operator"], host: row["host"], mode: RunMode(rawValue: row["mode"]) ?? .scripted,
            variables: try JSONDecoder().decode([String: String].self, from: Data(variables.utf8)),
            secretNames: try JSONDecoder().decode([String].self, from: Data(secrets.utf8)),
            status: RunStatus(rawValue: row["status"]) ?? .running,
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: finished.map { Date(timeIntervalSince1970: $0) }, toolVersion: row["tool_version"])
        record.headHash = row["head_hash"] ?? ""
        record.importedAt = imported.map { Date(timeIntervalSince1970: $0) }
        return record
    }

    func perform<T>(_ body: () throws -> T) throws(RecordStoreError) -> T {
        do {
            return try body()
        } catch let error as RecordStoreError {
            throw error
        } catch {
            throw RecordStoreError(
                .database, path: path,
                "the records database refused the operation: \(SQLiteRecordStore.describe(error)).")
        }
    }

    /// SQLite's failure as a sentence: its own messages (`UNIQUE constraint failed: …`,
    /// `database is locked`) name tables and codes an operator cannot act on.
    static func describe(_ error: any Error) -> String {
        guard let database = error as? DatabaseError else { return "\(error)" }
        // The schema's own triggers speak in sentences already.
        if database.extendedResultCode == .SQLITE_CONSTRAINT_TRIGGER { return database.message ?? "\(database)" }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return
                "another runbook process kept the records locked for too long; try again when it has finished writing"
        case .SQLITE_CONSTRAINT:
            return
                "the write conflicts with what is already recorded; another runbook process probably wrote the same run at the same time"
        case .SQLITE_FULL:
            return "the disk is full"
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return "the records file cannot be written (check its permissions and the file system)"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the file is damaged or is not a runbook records database"
        case .SQLITE_IOERR, .SQLITE_CANTOPEN:
            return "the system could not read or write the file"
        default:
            return database.message ?? "\(database)"
        }
    }

    /// Makes the database and its -wal and -shm owner-only when others could read or write
    /// them (a file copied in, created under another umask); returns the files changed.
    static func tightenPermissions(_ path: String) -> [String] {
        var changed: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            var info = stat()
            guard lstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid(),
                info.st_mode & 0o077 != 0
            else { continue }
            if chmod(file, 0o600) == 0 { changed.append(file) }
        }
        return changed
    }

    /// Creates the file (0600) and missing directories (0700) before SQLite touches it.
    private static func createPrivately(_ path: String) throws(RecordStoreError) {
        let directory = PathText.directory(of: path)
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw RecordStoreError(
                    .cannotOpen, path: path, "cannot create the directory \(directory): \(error.localizedDescription).")
            }
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RecordStoreError(
                .cannotOpen, path: path, "cannot create the records file: \(String(cString: strerror(errno))).")
        }
        close(descriptor)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension SQLiteRecordStore {
    /// The most recently started run of each runbook id that has one, for catalogs.
    func latestRuns(ofRunbooks ids: [String]) throws(RecordStoreError) -> [String: RunRecord] {
        try perform {
            try self.queue.read { db in
                var latest: [String: RunRecord] = [:]
                for id in Set(ids) {
                    if let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM run WHERE runbook_id = ? ORDER BY started_at DESC LIMIT 1",
                        arguments: [id])
                    {
                        latest[id] = try SQLiteRecordStore.runRecord(row, db)
                    }
                }
                return latest
            }
        }
    }
}
