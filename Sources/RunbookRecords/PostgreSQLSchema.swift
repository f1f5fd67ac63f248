/// The records schema on PostgreSQL: the tables of SQLite's `RecordSchema`, in a schema of their
/// own (`runbook`), migration by migration under the same names, so a migration added to one
/// must be written for the other (a test checks); then the server's own (`serverMigrations`),
/// which `schemaVersions()` lists after the shared ones.
///
/// Append-only is the server's to enforce, for every role including the owner: triggers refuse
/// an UPDATE, DELETE or TRUNCATE of an event and any change to a stored revision
/// (docs/team.md adds privileges: operators get INSERT and SELECT on events, nothing more).
enum PostgreSQLSchema {
    /// The schema every table lives in.
    static let name = "runbook"

    /// What each migration of `RecordSchema.versions` does here, in order.
    static let migrations: [(identifier: String, sql: String)] = [
        (
            "v1",
            """
            CREATE TABLE runbook.revision (
                hash text PRIMARY KEY,
                runbook_id text NOT NULL,
                path text NOT NULL,
                title text NOT NULL,
                version text,
                text text NOT NULL,
                is_redacted boolean NOT NULL DEFAULT false,
                stored_at double precision NOT NULL
            );
            CREATE TABLE runbook.run (
                id text PRIMARY KEY,
                revision_hash text NOT NULL REFERENCES runbook.revision(hash),
                runbook_id text NOT NULL,
                path text NOT NULL,
                operator text NOT NULL,
                host text NOT NULL,
                mode text NOT NULL,
                variables text NOT NULL,
                secret_names text NOT NULL,
                status text NOT NULL,
                started_at double precision NOT NULL,
                finished_at double precision,
                tool_version text NOT NULL
            );
            CREATE INDEX run_by_status ON runbook.run(status, started_at);
            CREATE INDEX run_by_runbook ON runbook.run(runbook_id, started_at);
            CREATE TABLE runbook.event (
                run_id text NOT NULL REFERENCES runbook.run(id),
                sequence integer NOT NULL,
                time double precision NOT NULL,
                step_id text,
                kind text NOT NULL,
                payload text NOT NULL,
                PRIMARY KEY (run_id, sequence)
            );
            CREATE FUNCTION runbook.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation'; END $$;
            CREATE TRIGGER event_is_append_only BEFORE UPDATE OR DELETE ON runbook.event
            FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change('the event log is append-only');
            CREATE TRIGGER event_is_never_truncated BEFORE TRUNCATE ON runbook.event
            FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change('the event log is append-only');
            """
        ),
        (
            "v2",
            """
            CREATE INDEX run_by_start ON runbook.run(started_at);
            CREATE INDEX event_deviations ON runbook.event(run_id) WHERE kind = 'deviation';
            """
        ),
        (
            "v3-hash-chain",
            """
            ALTER TABLE runbook.event ADD COLUMN hash text NOT NULL DEFAULT '';
            ALTER TABLE runbook.run ADD COLUMN head_hash text NOT NULL DEFAULT '';
            ALTER TABLE runbook.run ADD COLUMN imported_at double precision;
            CREATE FUNCTION runbook.run_head_follows_event() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN UPDATE runbook.run SET head_hash = NEW.hash WHERE id = NEW.run_id; RETURN NULL; END $$;
            CREATE TRIGGER run_head_follows_event AFTER INSERT ON runbook.event
            FOR EACH ROW EXECUTE FUNCTION runbook.run_head_follows_event();
            CREATE TRIGGER revision_is_immutable BEFORE UPDATE OR DELETE ON runbook.revision
            FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change('a stored revision never changes');
            CREATE TRIGGER revision_is_never_truncated BEFORE TRUNCATE ON runbook.revision
            FOR EACH STATEMENT EXECUTE FUNCTION runbook.refuse_change('a stored revision never changes');
            """
        ),
        (
            "v3-runner-lease",
            // Who holds each run. The row says who; the holder's session keeps an advisory lock
            // on the run (PostgreSQLRecordStore+Lease), which the server frees when that
            // session ends, so a dead holder on any machine is told apart from a live one.
            """
            CREATE TABLE runbook.run_lease (
                run_id text PRIMARY KEY REFERENCES runbook.run(id),
                host text NOT NULL,
                pid integer NOT NULL,
                process_start text NOT NULL,
                operator text NOT NULL,
                acquired_at double precision NOT NULL
            );
            """
        ),
        (
            "v4-notify-unverified-revisions",
            // As on SQLite: an imported redacted text is marked unverified, and the file's own
            // text may replace it — the one change a stored revision allows.
            """
            ALTER TABLE runbook.revision ADD COLUMN is_verified boolean NOT NULL DEFAULT true;
            UPDATE runbook.revision SET is_verified = false
            WHERE is_redacted AND NOT EXISTS (
                SELECT 1 FROM runbook.run WHERE run.revision_hash = revision.hash AND run.imported_at IS NULL);
            DROP TRIGGER revision_is_immutable ON runbook.revision;
            CREATE TRIGGER revision_is_never_deleted BEFORE DELETE ON runbook.revision
            FOR EACH ROW EXECUTE FUNCTION runbook.refuse_change('a stored revision never changes');
            CREATE TRIGGER revision_is_immutable BEFORE UPDATE ON runbook.revision
            FOR EACH ROW WHEN (NOT (NOT OLD.is_verified AND NEW.is_verified AND NEW.hash = OLD.hash))
            EXECUTE FUNCTION runbook.refuse_change('a stored revision never changes');
            """
        ),
    ]

    /// Migrations only the server has, after the shared ones: what a shared store needs that an
    /// embedded file does not, so SQLite files (and the runbooks that read them) are untouched.
    /// Listed in `schema_migrations` like the shared ones; a runbook that does not know one
    /// refuses the database as written by a newer runbook.
    static let serverMigrations: [(identifier: String, sql: String)] = [
        (
            "pg1-append-events",
            // An append in one round trip (docs/team.md): the lock, the checks, the inserts and
            // the status in one call the client makes in autocommit, instead of BEGIN, a locking
            // SELECT, INSERT, UPDATE and COMMIT each waiting for its own reply. The client
            // computes the hashes (the chain is its to define, exactly as on SQLite); the
            // server checks they follow the run's head, and the insert trigger keeps the head.
            """
            CREATE FUNCTION runbook.append_events(
                p_run_id text, p_after integer, p_previous text, p_times double precision[], p_step_ids text[],
                p_kinds text[], p_payloads text[], p_hashes text[], p_status text, p_finished_at double precision,
                p_is_retry boolean, OUT outcome text, OUT last_sequence integer)
            LANGUAGE plpgsql AS $$
            DECLARE
                head text;
                n integer := cardinality(p_hashes);
            BEGIN
                -- The run's row is the lock two writers of one run queue on.
                SELECT r.head_hash INTO head FROM runbook.run r WHERE r.id = p_run_id FOR UPDATE;
                IF NOT FOUND THEN
                    outcome := 'unknown-run';
                    RETURN;
                END IF;
                -- A statement of its own: it sees the events of a writer that held the lock first.
                SELECT coalesce(max(e.sequence), 0) INTO last_sequence FROM runbook.event e WHERE e.run_id = p_run_id;
                -- A retry whose first try committed before its reply was lost: its events are there.
                IF p_is_retry AND last_sequence = p_after + n AND head = p_hashes[n] THEN
                    outcome := 'already';
                    RETURN;
                END IF;
                IF last_sequence <> p_after OR head <> p_previous THEN
                    outcome := 'behind';
                    RETURN;
                END IF;
                INSERT INTO runbook.event (run_id, sequence, time, step_id, kind, payload, hash)
                SELECT p_run_id, p_after + e.i::integer, e.time, e.step_id, e.kind, e.payload, e.hash
                FROM unnest(p_times, p_step_ids, p_kinds, p_payloads, p_hashes)
                    WITH ORDINALITY AS e(time, step_id, kind, payload, hash, i);
                IF p_status IS NOT NULL THEN
                    UPDATE runbook.run SET status = p_status, finished_at = p_finished_at WHERE id = p_run_id;
                END IF;
                outcome := 'appended';
            END $$;
            """
        )
    ]

    /// Every migration this build applies on a server, shared ones first.
    static var allMigrations: [(identifier: String, sql: String)] { migrations + serverMigrations }

    /// The identifiers of `allMigrations`.
    static var knownVersions: [String] { allMigrations.map(\.identifier) }

    /// The table that lists applied migrations.
    static let migrationsTable = """
        CREATE SCHEMA IF NOT EXISTS runbook;
        CREATE TABLE IF NOT EXISTS runbook.schema_migrations (
            identifier text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        """
}
