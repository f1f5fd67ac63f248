import Foundation
import GRDB
import Testing

@testable import RunbookRecords

@Suite struct RecordStoreTests {
    let directory: String
    let store: RecordStore

    init() throws {
        directory = NSTemporaryDirectory() + "records-" + UUID().uuidString
        store = try RecordStore(path: directory + "/sub/records.sqlite")
    }

    /// SHA-256 of "# Demo\n": a revision's text must hash to its hash.
    static let demoHash = EventChain.sha256Hex("# Demo\n")

    func begin(_ id: String = RunID.make()) throws -> RunRecord {
        try store.store(
            RunbookRevision(
                hash: Self.demoHash, runbookID: "demo", path: "demo.md", title: "Demo", version: "1", text: "# Demo\n"))
        let run = RunRecord(
            id: id, revisionHash: Self.demoHash, runbookID: "demo", path: "demo.md", operatorName: "op", host: "h",
            mode: .auto, variables: ["POOL": "tank"], secretNames: ["TOKEN"], toolVersion: "test")
        _ = try store.begin(
            run,
            started: RunStartedPayload(
                revisionHash: Self.demoHash, runbookID: "demo", path: "demo.md", title: "Demo", operatorName: "op",
                host: "h", mode: .auto,
                toolVersion: "test", variables: ["POOL": "tank"], secretNames: ["TOKEN"],
                session: SessionSnapshot(workingDirectory: "/")))
        return run
    }

    /// A run of `runbookID` with `status`, started `age` seconds ago.
    func begin(runbookID: String, status: RunStatus, age: Double) throws -> RunRecord {
        try store.store(
            RunbookRevision(
                hash: Self.demoHash, runbookID: runbookID, path: "demo.md", title: "Demo", version: "1",
                text: "# Demo\n"))
        let run = RunRecord(
            revisionHash: Self.demoHash, runbookID: runbookID, path: "demo.md", operatorName: "op", host: "h",
            mode: .auto, variables: [:], secretNames: [], status: status,
            startedAt: Date(timeIntervalSinceNow: -age), toolVersion: "test")
        _ = try store.begin(
            run,
            started: RunStartedPayload(
                revisionHash: Self.demoHash, runbookID: runbookID, path: "demo.md", title: "Demo", operatorName: "op",
                host: "h", mode: .auto,
                toolVersion: "test", variables: [:], secretNames: [], session: SessionSnapshot(workingDirectory: "/")))
        return run
    }

    @Test(
        "the unfinished run offered for a runbook is found however many newer runs there are, and never one a runner holds"
    )
    func unfinishedRunOfARunbook() throws {
        let paused = try begin(runbookID: "demo", status: .paused, age: 100_000)
        // More finished runs than the 500 newest the interactive offer used to look through.
        for index in 0..<501 { _ = try begin(runbookID: "demo", status: .completed, age: 90_000 - Double(index)) }
        _ = try begin(runbookID: "other", status: .interrupted, age: 10)
        let running = try begin(runbookID: "demo", status: .running, age: 5)
        #expect(try store.latestUnfinishedRun(of: "demo", includingRunning: false)?.id == paused.id)
        #expect(try store.latestUnfinishedRun(of: "demo")?.id == running.id)
        #expect(try store.latestUnfinishedRun()?.id == running.id)
        #expect(try store.latestUnfinishedRun(of: "nothing") == nil)
    }

    @Test func createsPrivateFileAndDirectory() throws {
        var info = stat()
        #expect(stat(store.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(stat(directory + "/sub", &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(
            try store.schemaVersions() == [
                "v1", "v2", "v3-hash-chain", "v3-runner-lease", "v4-notify-unverified-revisions",
            ])
    }

    @Test func walFilesArePrivateToo() throws {
        let run = try begin()
        try store.append([NewEvent(stepID: "a", .note(TextPayload(text: "hi")))], to: run.id, after: 1)
        // The store is open in WAL mode, so both files exist while it is: a missing one is a failure.
        for suffix in ["-wal", "-shm"] {
            var info = stat()
            #expect(stat(store.path + suffix, &info) == 0, "\(suffix) does not exist: the store is not in WAL mode")
            #expect(info.st_mode & 0o077 == 0, "\(suffix) is readable by others")
        }
    }

    @Test func eventsRoundTripAndFold() throws {
        let run = try begin()
        let stored = try store.append(
            [
                NewEvent(
                    stepID: "a",
                    .stepStarted(
                        StepStartedPayload(
                            phase: .main, kind: .shell, title: "A", command: "true", attempt: 1, workingDirectory: "/",
                            isInteractive: false))),
                NewEvent(
                    stepID: "a", .output(OutputPayload(stream: .stdout, text: "x\n", totalBytes: 2, droppedBytes: 0))),
                NewEvent(
                    stepID: "a",
                    .stepFinished(
                        StepFinishedPayload(
                            phase: .main, outcome: .succeeded, exitCode: 0, durationSeconds: 0.1,
                            session: SessionSnapshot(workingDirectory: "/tmp", exported: ["A": "1"])))),
                NewEvent(
                    stepID: "b", .skipped(SkippedPayload(phase: .main, why: .operatorChoice, reason: "not today"))),
                NewEvent(stepID: "b", .deviation(DeviationPayload(kind: .skipped, detail: "not today"))),
                NewEvent(
                    stepID: "c",
                    .stepStarted(
                        StepStartedPayload(
                            phase: .main, kind: .shell, title: "C", command: "false", attempt: 1, workingDirectory: "/",
                            isInteractive: false))),
                NewEvent(.paused(TextPayload(text: "lunch"))),
            ], to: run.id, after: 1)
        #expect(stored.map(\.sequence) == [2, 3, 4, 5, 6, 7, 8])

        let events = try store.events(of: run.id)
        #expect(events.count == 8)
        #expect(events.map(\.payload) == [events[0].payload] + stored.map(\.payload))
        let state = RunState(folding: events)
        #expect(state.status == .paused)
        #expect(state.completionOrder == ["a", "b"])
        #expect(state.isDone("a") && state.isDone("b") && !state.isDone("c"))
        #expect(state.session == SessionSnapshot(workingDirectory: "/tmp", exported: ["A": "1"]))
        #expect(state.deviations.count == 1)
        #expect(state.pauseReason == "lunch")
        #expect(try store.run(id: run.id)?.status == .paused)
        #expect(try store.latestUnfinishedRun()?.id == run.id)

        try store.append(
            [
                NewEvent(
                    .resumed(
                        ResumedPayload(
                            operatorName: "op", host: "h", mode: .auto, toolVersion: "t", revisionHash: "abc",
                            previousRevisionHash: "abc", changedSteps: []))),
                NewEvent(.finished(FinishedPayload(status: .completed))),
            ], to: run.id, after: 8)
        let final = try store.state(of: run.id)
        #expect(final.status == .completed)
        #expect(final.resumeCount == 1)
        #expect(try store.run(id: run.id)?.finishedAt != nil)
        #expect(try store.latestUnfinishedRun() == nil)
    }

    @Test func logIsAppendOnly() throws {
        let run = try begin()
        #expect(throws: RecordStoreError.self) {
            try store.append([NewEvent(.note(TextPayload(text: "again")))], to: run.id, after: 0)
        }
        let raw = try DatabaseQueueForTests(path: store.path)
        for sql in [
            "UPDATE event SET kind = 'note'", "DELETE FROM event",
            // REPLACE deletes the old row without firing delete triggers (no recursive triggers).
            "REPLACE INTO event (run_id, sequence, time, kind, payload) VALUES ('\(run.id)', 1, 0, 'note', '{\"text\":\"forged\"}')",
            "INSERT OR REPLACE INTO event (run_id, sequence, time, kind, payload) VALUES ('\(run.id)', 1, 0, 'note', '{}')",
            "INSERT INTO event (run_id, sequence, time, kind, payload) VALUES ('\(run.id)', 1, 0, 'note', '{}')",
        ] {
            do {
                try raw.execute(sql)
                Issue.record("\(sql) was accepted")
            } catch let error as DatabaseError {
                #expect(error.message?.hasPrefix("the event log is append-only") == true, "\(sql): \(error)")
            }
        }
        let kinds = try raw.queue.read {
            try String.fetchAll($0, sql: "SELECT kind FROM event WHERE run_id = ?", arguments: [run.id])
        }
        #expect(kinds == ["run-started"])
    }

    @Test func storedRevisionTextCannotBeReplaced() throws {
        let run = try begin()
        let raw = try DatabaseQueueForTests(path: store.path)
        let hash = try #require(try store.run(id: run.id)?.revisionHash)
        let original = try #require(try store.revision(hash: hash)?.text)
        for sql in [
            "UPDATE revision SET text = 'rm -rf /'", "DELETE FROM revision",
            "REPLACE INTO revision (hash, runbook_id, path, title, text, stored_at) VALUES ('\(hash)', 'x', '/x', 'x', 'rm -rf /', 0)",
        ] {
            do {
                try raw.execute(sql)
                Issue.record("\(sql) was accepted")
            } catch let error as DatabaseError {
                #expect(error.message?.hasPrefix("a stored revision never changes") == true, "\(sql): \(error)")
            }
        }
        #expect(try store.revision(hash: hash)?.text == original)
    }

    /// An import's redacted text cannot be checked against its hash: it is kept as unverified,
    /// never takes the place of a verified text, and the file's own text replaces it.
    @Test func fileTextReplacesAnImportedRedactedTextUnderItsHash() throws {
        let text = "# Real\n"
        let hash = EventChain.sha256Hex(text)
        let planted = RunbookRevision(
            hash: hash, runbookID: "real", path: "real.md", title: "Real", version: nil, text: "# Planted\n",
            isRedacted: true, isVerified: false)
        try store.store(planted)
        #expect(try store.revision(hash: hash)?.isVerified == false)
        try store.store(
            RunbookRevision(hash: hash, runbookID: "real", path: "real.md", title: "Real", version: nil, text: text))
        let stored = try #require(try store.revision(hash: hash))
        #expect(stored.text == text && stored.isVerified && !stored.isRedacted)
        try store.store(planted)
        #expect(try store.revision(hash: hash)?.text == text)
        do {
            try DatabaseQueueForTests(path: store.path).execute("UPDATE revision SET is_verified = 0, text = 'x'")
            Issue.record("a verified revision was changed")
        } catch let error as DatabaseError {
            #expect(error.message?.hasPrefix("a stored revision never changes") == true, "\(error)")
        }
    }

    /// Records written before v4: the redacted revisions only imported runs point at become
    /// unverified; one a run here stored stays verified.
    @Test func migrationMarksImportedRedactedRevisionsUnverified() throws {
        let path = store.path
        let raw = try DatabaseQueueForTests(path: path)
        let local = String(repeating: "a", count: 64)
        let imported = String(repeating: "b", count: 64)
        try raw.execute(
            """
            DROP TRIGGER revision_is_immutable_update;
            ALTER TABLE revision DROP COLUMN is_verified;
            CREATE TRIGGER revision_is_immutable_update BEFORE UPDATE ON revision
            BEGIN SELECT RAISE(ABORT, 'a stored revision never changes'); END;
            DELETE FROM grdb_migrations WHERE identifier = 'v4-notify-unverified-revisions';
            INSERT INTO revision (hash, runbook_id, path, title, text, is_redacted, stored_at)
            VALUES ('\(local)', 'x', '/x.md', 'X', '[secret:A]', 1, 0), ('\(imported)', 'y', '/y.md', 'Y', 'planted', 1, 0);
            INSERT INTO run (id, revision_hash, runbook_id, path, operator, host, mode, variables, secret_names, status,
                             started_at, tool_version, imported_at)
            VALUES ('01hfx0abcdefghjkmnpqrstvw1', '\(local)', 'x', '/x.md', 'o', 'h', 'auto', '{}', '[]', 'completed', 1, 't', NULL),
                   ('01hfx0abcdefghjkmnpqrstvw2', '\(imported)', 'y', '/y.md', 'o', 'h', 'auto', '{}', '[]', 'completed', 1, 't', 5);
            """)
        let migrated = try RecordStore(path: path)
        #expect(try migrated.revision(hash: local)?.isVerified == true)
        #expect(try migrated.revision(hash: imported)?.isVerified == false)
    }

    /// A resume that finds a step started and never ended: the fold names that attempt as
    /// abandoned (who, when, what) through pauses, until the step starts again.
    @Test func foldRemembersTheAttemptItsRunnerAbandoned() throws {
        let started = Date(timeIntervalSince1970: 1_000)
        func event(_ sequence: Int, _ stepID: String?, _ payload: EventPayload) -> RunEvent {
            RunEvent(
                runID: "r", sequence: sequence, time: started.addingTimeInterval(Double(sequence)), stepID: stepID,
                payload: payload)
        }
        func resumed(_ name: String) -> EventPayload {
            .resumed(
                ResumedPayload(
                    operatorName: name, host: "h2", mode: .auto, toolVersion: "test", revisionHash: "abc",
                    previousRevisionHash: "abc", changedSteps: [], preconfirmed: false, allowDestructive: false))
        }
        let start = StepStartedPayload(
            phase: .main, kind: .shell, title: "A", command: "rm -rf /tmp/x\n", attempt: 1, workingDirectory: "/",
            isInteractive: false)
        var state = RunState(folding: [
            event(
                1, nil,
                .runStarted(
                    RunStartedPayload(
                        revisionHash: "abc", runbookID: "demo", path: "demo.md", title: "Demo", operatorName: "alice",
                        host: "h1", mode: .auto,
                        toolVersion: "test", variables: [:], secretNames: [],
                        session: SessionSnapshot(workingDirectory: "/")))),
            event(2, "a", .stepStarted(start)),
        ])
        #expect(state.attemptInProgress?.stepID == "a")
        #expect(state.abandonedAttempt == nil)
        state.apply(event(3, nil, resumed("bob")))
        let abandoned = try #require(state.abandonedAttempt)
        #expect(
            abandoned
                == AttemptInProgress(
                    stepID: "a", attempt: 1, startedAt: started.addingTimeInterval(2), operatorName: "alice",
                    host: "h1", command: "rm -rf /tmp/x\n"))
        state.apply(event(4, nil, .paused(TextPayload(text: "check it first"))))
        state.apply(event(5, nil, resumed("carol")))
        #expect(state.abandonedAttempt == abandoned)
        var again = start
        again.attempt = 2
        state.apply(event(6, "a", .stepStarted(again)))
        #expect(state.abandonedAttempt == nil)
        #expect(state.attemptInProgress?.operatorName == "carol")
    }

    @Test func appendingBehindAnotherWriterSaysSoInWords() throws {
        let run = try begin()
        try store.append([NewEvent(.note(TextPayload(text: "first")))], to: run.id, after: 1)
        #expect {
            try store.append([NewEvent(.note(TextPayload(text: "second")))], to: run.id, after: 1)
        } throws: { error in
            guard let error = error as? RecordStoreError else { return false }
            return error.reason == .concurrentWrite && error.message.contains("another runbook process")
                && !error.message.contains("UNIQUE")
        }
        #expect(try store.events(of: run.id).count == 2)
    }

    @Test func sqliteFailuresReadAsSentences() {
        let unique = DatabaseError(
            resultCode: .SQLITE_CONSTRAINT_PRIMARYKEY, message: "UNIQUE constraint failed: event.run_id, event.sequence"
        )
        #expect(!RecordStore.describe(unique).contains("UNIQUE"))
        #expect(RecordStore.describe(unique).contains("another runbook process"))
        let locked = DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked")
        #expect(!RecordStore.describe(locked).contains("database is locked"))
        let trigger = DatabaseError(resultCode: .SQLITE_CONSTRAINT_TRIGGER, message: "the event log is append-only")
        #expect(RecordStore.describe(trigger) == "the event log is append-only")
    }

    @Test func leaseNamesItsLiveHolderAndPassesFromADeadOne() throws {
        let run = try begin()
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        defer { if other.isRunning { kill(other.processIdentifier, SIGKILL) } }
        let otherPID = other.processIdentifier
        let holder = RunnerIdentity(
            host: RunnerIdentity.localHost, pid: otherPID,
            processStart: try #require(RunnerIdentity.processStart(of: otherPID)),
            operatorName: "alice")
        let me = RunnerIdentity.current(operatorName: "bob")
        try store.acquireLease(on: run.id, for: holder)
        #expect {
            try store.acquireLease(on: run.id, for: me)
        } throws: { error in
            guard let error = error as? RecordStoreError else { return false }
            return error.reason == .leaseHeld
                && error.message.contains("alice on host \(RunnerIdentity.localHost) (runbook pid \(otherPID)")
        }
        #expect(try store.history().first?.status == .running)
        #expect(try store.run(id: run.id)?.status == .running)

        // The same pid with another start time is another process: not the holder.
        let impostor = RunnerIdentity(
            host: holder.host, pid: otherPID, processStart: holder.processStart + "0", operatorName: "eve")
        #expect(impostor.isAlive(onHost: RunnerIdentity.localHost) == false)

        // SIGKILL: a test runner may hand its children SIGTERM ignored.
        kill(otherPID, SIGKILL)
        other.waitUntilExit()
        try store.acquireLease(on: run.id, for: me)
        #expect(try store.lease(on: run.id)?.holder == me)
        #expect(try store.history().first?.status == .running)
        try store.releaseLease(on: run.id, for: me)
        #expect(try store.lease(on: run.id) == nil)
        // A run left `running` that no live process holds reads as interrupted.
        #expect(try store.history().first?.status == .interrupted)
        #expect(try store.run(id: run.id)?.status == .interrupted)
        #expect(try store.runs().first?.status == .interrupted)
    }

    @Test func runsAreFoundByPrefix() throws {
        let first = try begin("01aaaaaaaaaaaaaaaaaaaaaaaa")
        _ = try begin("01abbbbbbbbbbbbbbbbbbbbbbb")
        #expect(try store.run(matching: "01aa").id == first.id)
        #expect(throws: RecordStoreError.self) { try store.run(matching: "01a") }
        #expect(throws: RecordStoreError.self) { try store.run(matching: "zz") }
    }

    @Test func runsAreFoundByPrefixWhateverTheirCase() throws {
        // Ids not written by RunID (a hand-edited import) are still found case-insensitively.
        let upper = try begin("01ZZZZAAAAAAAAAAAAAAAAAAAA")
        #expect(try store.run(matching: "01zzzz").id == upper.id)
        #expect(try store.run(matching: upper.id).id == upper.id)
    }

    @Test func readingOpensCurrentRecordsReadOnly() throws {
        let run = try begin()
        let reader = try RecordStore(readingExisting: store.path)
        #expect(try reader.run(matching: run.id).id == run.id)
        #expect(try reader.events(of: run.id).count == 1)
        #expect(throws: RecordStoreError.self) {
            try reader.store(
                RunbookRevision(
                    hash: EventChain.sha256Hex(""), runbookID: "demo", path: "demo.md", title: "Demo", version: nil,
                    text: ""))
        }
        // A run the engine records meanwhile is seen by the reader.
        let later = try begin()
        #expect(try reader.run(id: later.id) != nil)
    }

    @Test func readingMigratesOlderRecordsAndRefusesNewerOnes() throws {
        let run = try begin()
        let raw = try DatabaseQueueForTests(path: store.path)
        try raw.execute(
            """
            DROP INDEX run_by_start; DROP INDEX event_deviations; DROP TABLE run_lease;
            DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v3-runner-lease')
            """)
        let reader = try RecordStore(readingExisting: store.path)
        #expect(
            try reader.schemaVersions() == [
                "v1", "v2", "v3-hash-chain", "v3-runner-lease", "v4-notify-unverified-revisions",
            ])
        #expect(try reader.history().map(\.id) == [run.id])
        try raw.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v9')")
        #expect { try RecordStore(readingExisting: store.path) } throws: {
            ($0 as? RecordStoreError)?.reason == .newerSchema
        }
    }

    @Test func defaultLocationFollowsXDG() {
        #expect(
            RecordsLocation.defaultPath(environment: ["HOME": "/home/op"])
                == "/home/op/.local/share/runbook/records.sqlite")
        #expect(
            RecordsLocation.defaultPath(environment: ["HOME": "/h", "XDG_DATA_HOME": "/data"])
                == "/data/runbook/records.sqlite")
        #expect(
            RecordsLocation.defaultPath(environment: ["RUNBOOK_RECORDS": "/x.db", "XDG_DATA_HOME": "/data"]) == "/x.db")
    }

    /// The CLI passes only `environmentNames`: every variable the location depends on must be one.
    @Test func defaultLocationReadsOnlyTheNamedVariables() throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent(
            "runbook-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: config) }
        try FileManager.default.createDirectory(
            at: config.appendingPathComponent("runbook"), withIntermediateDirectories: true)
        try Data("records: /configured.db\n".utf8).write(to: config.appendingPathComponent("runbook/config.yaml"))
        let environments: [[String: String]] = [
            ["HOME": "/home/op"], ["HOME": "/h", "XDG_DATA_HOME": "/data"],
            ["RUNBOOK_RECORDS": "/x.db", "XDG_DATA_HOME": "/data"], ["HOME": "/h", "XDG_CONFIG_HOME": config.path],
            ["XDG_CONFIG_HOME": config.path, "RUNBOOK_RECORDS": ""],
        ]
        for environment in environments {
            let full = environment.merging(["PATH": "/bin", "TERM": "dumb", "USER": "op"]) { old, _ in old }
            let named = full.filter { RecordsLocation.environmentNames.contains($0.key) }
            #expect(RecordsLocation.defaultPath(environment: named) == RecordsLocation.defaultPath(environment: full))
            #expect(
                RecordsLocation.configurationFile(environment: named)
                    == RecordsLocation.configurationFile(environment: full))
        }
        #expect(RecordsLocation.defaultPath(environment: ["XDG_CONFIG_HOME": config.path]) == "/configured.db")
    }
}

@Suite struct HashChainTests {
    @Test func eachEventLinksToTheOneBeforeAndTheRunKeepsTheHead() throws {
        let tests = try RecordStoreTests()
        let run = try tests.begin()
        try tests.store.append(
            [NewEvent(stepID: "a", .note(TextPayload(text: "one"))), NewEvent(.note(TextPayload(text: "two")))],
            to: run.id, after: 1)
        let raw = try DatabaseQueueForTests(path: tests.store.path)
        let rows = try raw.queue.read {
            try Row.fetchAll($0, sql: "SELECT * FROM event WHERE run_id = ? ORDER BY sequence", arguments: [run.id])
        }
        var previous = EventChain.genesis
        for row in rows {
            let expected = EventChain.hash(
                previous: previous, runID: row["run_id"], sequence: row["sequence"], time: row["time"],
                stepID: row["step_id"], kind: row["kind"], payload: row["payload"])
            #expect(row["hash"] == expected)
            previous = expected
        }
        let head = try raw.queue.read {
            try String.fetchOne($0, sql: "SELECT head_hash FROM run WHERE id = ?", arguments: [run.id])
        }
        #expect(head == previous && rows.count == 3)
        #expect(try tests.store.verify().holds)
    }

    @Test func recordsWrittenBeforeTheChainAreChainedByTheMigration() throws {
        let path = NSTemporaryDirectory() + "records-v2-" + UUID().uuidString + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try RecordSchema.migrator.migrate(queue, upTo: "v2")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO revision VALUES ('\(EventChain.sha256Hex("# Old\n"))', 'old', '/old.md', 'Old', NULL, '# Old\n', 0, 0);
                    INSERT INTO run VALUES ('01aaaaaaaaaaaaaaaaaaaaaaaa', '\(EventChain.sha256Hex("# Old\n"))', 'old', '/old.md', 'op', 'h', 'auto', '{}', '[]', 'paused', 1.5, NULL, 't');
                    INSERT INTO event VALUES ('01aaaaaaaaaaaaaaaaaaaaaaaa', 1, 1.5, NULL, 'run-started', '{}');
                    INSERT INTO event VALUES ('01aaaaaaaaaaaaaaaaaaaaaaaa', 2, 2.25, 'x', 'note', '{"text":"old"}');
                    """)
        }
        try queue.close()
        let store = try RecordStore(path: path)
        #expect(try store.schemaVersions().contains("v3-hash-chain"))
        let result = try store.verify()
        #expect(result.holds && result.runs.first?.eventCount == 2)
        let first = EventChain.hash(
            previous: EventChain.genesis, runID: "01aaaaaaaaaaaaaaaaaaaaaaaa", sequence: 1, time: 1.5, stepID: nil,
            kind: "run-started", payload: "{}")
        let second = EventChain.hash(
            previous: first, runID: "01aaaaaaaaaaaaaaaaaaaaaaaa", sequence: 2, time: 2.25, stepID: "x", kind: "note",
            payload: "{\"text\":\"old\"}")
        #expect(result.runs.first?.head == second)
    }

    @Test func aRevisionWhoseTextDoesNotMatchItsHashIsRefusedOnWrite() throws {
        let tests = try RecordStoreTests()
        #expect(throws: RecordStoreError.self) {
            try tests.store.store(
                RunbookRevision(
                    hash: EventChain.sha256Hex("# Real\n"), runbookID: "r", path: "r.md", title: "R", version: nil,
                    text: "# Planted\n"))
        }
    }
}
