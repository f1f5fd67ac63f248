import GRDB

/// The records schema, one forward-only migration per version (docs/records.md).
///
/// A migration, once released, is never edited: a change is a new migration. Opening a file
/// that holds migrations this build does not know fails instead of guessing.
enum RecordSchema {
    /// The identifiers of the migrations this build knows, oldest first.
    static let versions = ["v1", "v2", "v3-hash-chain", "v3-runner-lease", "v4-notify-unverified-revisions"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE revision (
                        hash TEXT PRIMARY KEY NOT NULL,
                        runbook_id TEXT NOT NULL,
                        path TEXT NOT NULL,
                        title TEXT NOT NULL,
                        version TEXT,
                        text TEXT NOT NULL,
                        is_redacted INTEGER NOT NULL DEFAULT 0,
                        stored_at REAL NOT NULL
                    );
                    CREATE TABLE run (
                        id TEXT PRIMARY KEY NOT NULL,
                        revision_hash TEXT NOT NULL REFERENCES revision(hash),
                        runbook_id TEXT NOT NULL,
                        path TEXT NOT NULL,
                        operator TEXT NOT NULL,
                        host TEXT NOT NULL,
                        mode TEXT NOT NULL,
                        variables TEXT NOT NULL,
                        secret_names TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        tool_version TEXT NOT NULL
                    );
                    CREATE INDEX run_by_status ON run(status, started_at);
                    CREATE INDEX run_by_runbook ON run(runbook_id, started_at);
                    CREATE TABLE event (
                        run_id TEXT NOT NULL REFERENCES run(id),
                        sequence INTEGER NOT NULL,
                        time REAL NOT NULL,
                        step_id TEXT,
                        kind TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        PRIMARY KEY (run_id, sequence)
                    ) WITHOUT ROWID;
                    CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    """)
        }
        // v2: what listing and reading runs for people needs: runs newest first without sorting
        // the table (`history --limit`), and deviation counts without reading every event.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE INDEX run_by_start ON run(started_at);
                    CREATE INDEX event_deviations ON event(run_id) WHERE kind = 'deviation';
                    """)
        }
        // v3-hash-chain: records an auditor can verify. Each event row carries the SHA-256 of its
        // predecessor's hash and its own canonical form (EventChain), each run its head (kept by
        // a trigger, in SQLite's own code rather than a statement per append), and the
        // log refuses an INSERT (or REPLACE, which deletes without firing delete triggers) over an
        // existing (run, sequence). A stored revision never changes. Existing logs are chained here.
        migrator.registerMigration("v3-hash-chain") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER event_is_append_only_update;
                    ALTER TABLE event ADD COLUMN hash TEXT NOT NULL DEFAULT '';
                    ALTER TABLE run ADD COLUMN head_hash TEXT NOT NULL DEFAULT '';
                    ALTER TABLE run ADD COLUMN imported_at REAL;
                    """)
            try chainExistingEvents(db)
            try db.execute(
                sql: """
                    CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TRIGGER run_head_follows_event AFTER INSERT ON event
                    BEGIN UPDATE run SET head_hash = NEW.hash WHERE id = NEW.run_id; END;
                    CREATE TRIGGER event_is_append_only_insert BEFORE INSERT ON event
                    WHEN EXISTS (SELECT 1 FROM event WHERE run_id = NEW.run_id AND sequence = NEW.sequence)
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: this run already has an event with this sequence number'); END;
                    CREATE TRIGGER revision_is_immutable_update BEFORE UPDATE ON revision
                    BEGIN SELECT RAISE(ABORT, 'a stored revision never changes'); END;
                    CREATE TRIGGER revision_is_immutable_delete BEFORE DELETE ON revision
                    BEGIN SELECT RAISE(ABORT, 'a stored revision never changes'); END;
                    CREATE TRIGGER revision_is_immutable_insert BEFORE INSERT ON revision
                    WHEN EXISTS (SELECT 1 FROM revision WHERE hash = NEW.hash)
                    BEGIN SELECT RAISE(ABORT, 'a stored revision never changes: one with this hash is already stored'); END;
                    """)
        }
        // v3-runner-lease: one live runner per run. The row names the process that runs the
        // run now; a second `run`/`resume` of it is refused while that process lives, and
        // listings show a `running` run whose holder is gone as interrupted. A row, not only
        // an OS lock, so that the refusal and `history` can say who holds it.
        migrator.registerMigration("v3-runner-lease") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run_lease (
                        run_id TEXT PRIMARY KEY NOT NULL REFERENCES run(id),
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        process_start TEXT NOT NULL,
                        operator TEXT NOT NULL,
                        acquired_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        // v4-notify-unverified-revisions: a redacted text cannot be checked against its hash, so
        // one that arrived by import may be anything under a real file's hash. Such a row is
        // marked unverified, and the text this machine reads from the file itself replaces it
        // (the one change a stored revision allows); nothing else about a revision changes.
        // Redacted rows that only imported runs point at are the unverified ones already here.
        migrator.registerMigration("v4-notify-unverified-revisions") { db in
            try db.execute(
                sql: """
                    ALTER TABLE revision ADD COLUMN is_verified INTEGER NOT NULL DEFAULT 1;
                    DROP TRIGGER revision_is_immutable_update;
                    UPDATE revision SET is_verified = 0
                    WHERE is_redacted = 1
                      AND NOT EXISTS (SELECT 1 FROM run WHERE run.revision_hash = revision.hash AND run.imported_at IS NULL);
                    CREATE TRIGGER revision_is_immutable_update BEFORE UPDATE ON revision
                    WHEN NOT (OLD.is_verified = 0 AND NEW.is_verified = 1 AND NEW.hash = OLD.hash)
                    BEGIN SELECT RAISE(ABORT, 'a stored revision never changes'); END;
                    """)
        }
        return migrator
    }

    /// Computes every stored event's hash, run by run in sequence order, and each run's head.
    private static func chainExistingEvents(_ db: Database) throws {
        let select = try db.makeStatement(
            sql: "SELECT run_id, sequence, time, step_id, kind, payload FROM event ORDER BY run_id, sequence")
        var hashes: [(runID: String, sequence: Int, hash: String)] = []
        var currentRun = ""
        var previous = EventChain.genesis
        let cursor = try Row.fetchCursor(select)
        while try cursor.next() != nil {
            let row = SQLiteRow(select)
            let runID = row.string(0)
            if runID != currentRun { currentRun = runID; previous = EventChain.genesis }
            let sequence = row.int(1)
            previous = EventChain.hash(
                previous: previous, runID: runID, sequence: sequence, time: row.double(2),
                stepID: row.isNull(3) ? nil : row.bytes(3), kind: row.bytes(4), payload: row.bytes(5))
            hashes.append((runID, sequence, previous))
        }
        let update = try db.makeStatement(sql: "UPDATE event SET hash = ? WHERE run_id = ? AND sequence = ?")
        var heads: [String: String] = [:]
        for entry in hashes {
            try update.execute(arguments: [entry.hash, entry.runID, entry.sequence])
            heads[entry.runID] = entry.hash
        }
        let head = try db.makeStatement(sql: "UPDATE run SET head_hash = ? WHERE id = ?")
        for (runID, hash) in heads { try head.execute(arguments: [hash, runID]) }
    }
}
