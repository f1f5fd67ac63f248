import GRDB

/// The records schema, one forward-only migration per version (docs/records.md).
///
/// A migration, once released, is never edited: a change is a new migration. Opening a file
/// that holds migrations this build does not know fails instead of guessing.
enum RecordSchema {
    /// The identifiers of the migrations this build knows, oldest first.
    static let versions = ["v1", "v2", "v3-runner-lease"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
            try db.execute(sql: """
                CREATE INDEX run_by_start ON run(started_at);
                CREATE INDEX event_deviations ON event(run_id) WHERE kind = 'deviation';
                """)
        }
        // v3-runner-lease: one live runner per run. The row names the process that runs the
        // run now; a second `run`/`resume` of it is refused while that process lives, and
        // listings show a `running` run whose holder is gone as interrupted. A row, not only
        // an OS lock, so that the refusal and `history` can say who holds it.
        migrator.registerMigration("v3-runner-lease") { db in
            try db.execute(sql: """
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
        return migrator
    }
}
