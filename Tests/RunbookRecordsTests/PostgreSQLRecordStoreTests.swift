import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookRecords

/// The records on a real PostgreSQL server (PostgreSQLTestServer): the same facts as on SQLite,
/// the server enforcing the append-only log, and errors an operator can act on.
@Suite(
    .enabled(
        if: PostgreSQLTestServer.unavailableReason == nil || PostgreSQLTestServer.mustRun,
        Comment(rawValue: PostgreSQLTestServer.unavailableReason ?? "")))
struct PostgreSQLRecordStoreTests {
    let server: PostgreSQLTestServer
    let url: String
    let store: RecordStore

    init() throws {
        server = try PostgreSQLTestServer.require()
        url = try server.makeDatabase()
        store = try RecordStore(path: url)
    }

    static let demoHash = EventChain.sha256Hex("# Demo\n")

    func begin(in store: RecordStore, status: RunStatus = .running, holder: RunnerIdentity? = nil) throws -> RunRecord {
        try store.store(
            RunbookRevision(
                hash: Self.demoHash, runbookID: "demo", path: "demo.md", title: "Demo", version: "1", text: "# Demo\n"))
        let run = RunRecord(
            revisionHash: Self.demoHash, runbookID: "demo", path: "demo.md", operatorName: "op", host: "h",
            mode: .auto, variables: ["POOL": "tank"], secretNames: ["TOKEN"], status: status, toolVersion: "test")
        _ = try store.begin(
            run,
            started: RunStartedPayload(
                revisionHash: Self.demoHash, runbookID: "demo", path: "demo.md", title: "Demo", operatorName: "op",
                host: "h", mode: .auto, toolVersion: "test", variables: ["POOL": "tank"], secretNames: ["TOKEN"],
                session: SessionSnapshot(workingDirectory: "/")),
            holder: holder)
        return run
    }

    @Test("the schema has SQLite's migrations, under the same names, then the server's own")
    func migrationsMirrorSQLite() throws {
        let expected = RecordSchema.versions + ["pg1-append-events"]
        #expect(try store.schemaVersions() == expected)
        #expect(PostgreSQLSchema.migrations.map(\.identifier) == RecordSchema.versions)
        // Opening again finds the schema current and changes nothing.
        let again = try RecordStore(path: url)
        #expect(try again.schemaVersions() == expected)
    }

    @Test("a database the previous runbook wrote is migrated on opening, and its runs go on chaining")
    func serverMigrationUpgradesExistingDatabase() throws {
        let run = try begin(in: store)
        try store.append([NewEvent(stepID: "s1", .note(TextPayload(text: "before the upgrade")))], to: run.id, after: 1)
        // The database as the runbook before `pg1-append-events` left it: the shared schema only.
        let database = String(url.split(separator: "/").last!)
        try server.psql(
            database,
            "DROP FUNCTION runbook.append_events; DELETE FROM runbook.schema_migrations WHERE identifier = 'pg1-append-events'"
        )
        let upgraded = try RecordStore(path: url)
        #expect(try upgraded.schemaVersions() == RecordSchema.versions + ["pg1-append-events"])
        try upgraded.append(
            [
                NewEvent(stepID: "s2", .note(TextPayload(text: "after"))),
                NewEvent(.finished(FinishedPayload(status: .completed))),
            ], to: run.id, after: 2)
        #expect(try upgraded.events(of: run.id).map(\.sequence) == [1, 2, 3, 4])
        #expect(try upgraded.run(id: run.id)?.status == .completed)
        let check = try #require(try upgraded.verify().runs.first)
        #expect(check.problem == nil && check.eventCount == 4)
    }

    @Test("a database with a server migration this runbook does not know is refused, not guessed at")
    func unknownServerMigrationRefused() throws {
        let database = String(url.split(separator: "/").last!)
        try server.psql(database, "INSERT INTO runbook.schema_migrations (identifier) VALUES ('pg9-from-the-future')")
        #expect {
            try RecordStore(path: url)
        } throws: { error in
            let error = error as? RecordStoreError
            return error?.reason == .newerSchema && error?.message.contains("written by a newer runbook") == true
        }
    }

    @Test("an append is one round trip to the server, whatever it holds")
    func appendIsOneRoundTrip() throws {
        let proxy = try ReplyDroppingProxy(forwardingTo: server.port)
        let database = String(url.split(separator: "/").last!)
        let store = try RecordStore(path: "postgresql://postgres@127.0.0.1:\(proxy.port)/\(database)")
        let run = try begin(in: store, holder: RunnerIdentity(host: "h", pid: 1, processStart: "p", operatorName: "op"))
        // The session's first append also prepares the statement, once.
        try store.append([NewEvent(.note(TextPayload(text: "warm")))], to: run.id, after: 1)
        let before = proxy.forwardedRequests
        var last = 2
        for step in 1...10 {
            let events = [
                NewEvent(stepID: "s\(step)", .note(TextPayload(text: "step \(step) \"quoted\" \\ {braces}, NULL"))),
                NewEvent(stepID: step == 10 ? nil : "s\(step)", .note(TextPayload(text: "second"))),
            ]
            last = try store.append(events, to: run.id, after: last).last!.sequence
        }
        try store.append([NewEvent(.finished(FinishedPayload(status: .completed)))], to: run.id, after: last)
        #expect(proxy.forwardedRequests - before == 11)
        let direct = try RecordStore(path: url)
        let events = try direct.events(of: run.id)
        #expect(events.count == 23)
        #expect(events[2].stepID == "s1" && events[21].stepID == nil)
        if case .note(let note) = events[2].payload {
            #expect(note.text == "step 1 \"quoted\" \\ {braces}, NULL")
        } else {
            Issue.record("the note came back as \(events[2].payload)")
        }
        #expect(try direct.run(id: run.id)?.status == .completed)
        #expect(try direct.run(id: run.id)?.finishedAt != nil)
        #expect(try direct.verify().runs.first?.problem == nil)
    }

    @Test("a run's events read back exactly, and its chain verifies as on SQLite")
    func roundTripAndChain() throws {
        let run = try begin(in: store)
        let appended = try store.append(
            [
                NewEvent(stepID: "s1", .note(TextPayload(text: "déjà vu — \u{1F600} 'quoted' \\ back"))),
                NewEvent(.finished(FinishedPayload(status: .completed))),
            ], to: run.id, after: 1)
        #expect(appended.map(\.sequence) == [2, 3])
        let events = try store.events(of: run.id)
        #expect(events.count == 3)
        #expect(events[1].stepID == "s1")
        if case .note(let note) = events[1].payload {
            #expect(note.text == "déjà vu — \u{1F600} 'quoted' \\ back")
        } else {
            Issue.record("the note came back as \(events[1].payload)")
        }
        let record = try #require(try store.run(id: run.id))
        #expect(record.status == .completed)
        #expect(record.variables == ["POOL": "tank"])
        let verification = try store.verify()
        #expect(verification.runs.count == 1)
        #expect(verification.runs[0].problem == nil)
        #expect(verification.runs[0].eventCount == 3)
        // The same events written to SQLite chain to the same head: one chain, two stores.
        let directory = NSTemporaryDirectory() + "pg-chain-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let local = try RecordStore(path: directory + "/records.sqlite")
        try local.importRun(record, revisions: [try #require(try store.revision(hash: Self.demoHash))], events: events)
        #expect(try local.verify().runs.first?.head == record.headHash)
        #expect(try local.verify().runs.first?.problem == nil)
    }

    @Test("the server refuses to change or remove an event, and to change a stored revision")
    func appendOnlyOnTheServer() throws {
        let run = try begin(in: store)
        let database = String(url.split(separator: "/").last!)
        #expect(throws: (any Error).self) {
            try server.psql(database, "UPDATE runbook.event SET payload = '{}' WHERE run_id = '\(run.id)'")
        }
        #expect(throws: (any Error).self) {
            try server.psql(database, "DELETE FROM runbook.event WHERE run_id = '\(run.id)'")
        }
        #expect(throws: (any Error).self) { try server.psql(database, "TRUNCATE runbook.event CASCADE") }
        #expect(throws: (any Error).self) { try server.psql(database, "UPDATE runbook.revision SET text = 'x'") }
        #expect(try store.events(of: run.id).count == 1)
        #expect(try store.verify().runs.allSatisfy { $0.problem == nil })
    }

    @Test("an event inserted behind runbook's back breaks the chain at that event")
    func tamperingFound() throws {
        let run = try begin(in: store)
        let database = String(url.split(separator: "/").last!)
        try server.psql(
            database,
            "INSERT INTO runbook.event (run_id, sequence, time, kind, payload, hash) VALUES ('\(run.id)', 2, 0, 'note', '{\"text\":\"forged\"}', 'ffff')"
        )
        let check = try #require(try store.verify().runs.first)
        #expect(check.brokenSequence == 2)
        #expect(check.problem?.contains("does not match its hash") == true)
    }

    @Test("a commit whose reply is lost is recognised by its chain hash on the retry, never written twice")
    func committedButReplyLost() throws {
        // The store talks to the server through a proxy that drops the answer to one COMMIT and
        // cuts the connection: the transaction is in, the store only sees a dropped connection.
        let proxy = try ReplyDroppingProxy(forwardingTo: server.port)
        let database = String(url.split(separator: "/").last!)
        let store = try RecordStore(path: "postgresql://postgres@127.0.0.1:\(proxy.port)/\(database)")
        proxy.dropReplyAfter("COMMIT")
        let run = try begin(in: store, holder: RunnerIdentity(host: "h", pid: 1, processStart: "p", operatorName: "op"))
        #expect(proxy.droppedReplies == 1)
        proxy.dropReplyAfter("append_events")
        let appended = try store.append(
            [
                NewEvent(stepID: "s1", .note(TextPayload(text: "once"))),
                NewEvent(.finished(FinishedPayload(status: .completed))),
            ],
            to: run.id, after: 1)
        #expect(proxy.droppedReplies == 2)
        #expect(appended.map(\.sequence) == [2, 3])
        let direct = try RecordStore(path: url)
        let events = try direct.events(of: run.id)
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(events.filter { $0.kind == .runStarted }.count == 1)
        #expect(try direct.runs().count == 1)
        #expect(try direct.run(id: run.id)?.status == .completed)
        let check = try #require(try direct.verify().runs.first)
        #expect(check.problem == nil && check.eventCount == 3)
        // The next append follows on from the recognised ones.
        try store.append([NewEvent(.note(TextPayload(text: "after")))], to: run.id, after: 3)
        #expect(try direct.events(of: run.id).count == 4)
    }

    @Test("a second writer that appends after a stale sequence is refused and writes nothing")
    func concurrentAppendRefused() throws {
        let run = try begin(in: store)
        let other = try RecordStore(path: url)
        try other.append([NewEvent(.note(TextPayload(text: "first")))], to: run.id, after: 1)
        #expect {
            try store.append([NewEvent(.note(TextPayload(text: "second")))], to: run.id, after: 1)
        } throws: { ($0 as? RecordStoreError)?.reason == .concurrentWrite }
        #expect(try store.events(of: run.id).count == 2)
    }

    @Test("a lease is held by the holder's session: refused while it lives, free once it is gone, on any host")
    func leaseAcrossMachines() throws {
        let holder = RunnerIdentity(host: "machine-1", pid: 4242, processStart: "x:1", operatorName: "alice")
        var first: RecordStore? = try RecordStore(path: url)
        let run = try begin(in: first!, status: .running, holder: holder)
        let second = try RecordStore(path: url)
        let other = RunnerIdentity(host: "machine-2", pid: 99, processStart: "y:2", operatorName: "bob")
        #expect(try second.lease(on: run.id)?.isLive == true)
        #expect(try second.run(id: run.id)?.status == .running)
        #expect {
            try second.acquireLease(on: run.id, for: other)
        } throws: { error in
            let error = error as? RecordStoreError
            return error?.reason == .leaseHeld && error?.message.contains("alice on host machine-1") == true
        }
        // Machine 1 goes away: its session ends, the server frees the lock.
        first = nil
        // The server ends the session as soon as it reads the closed socket: a moment, not a timeout.
        let deadline = Date().addingTimeInterval(10)
        while try second.lease(on: run.id)?.isLive == true, Date() < deadline { usleep(20_000) }
        #expect(try second.lease(on: run.id)?.isLive == false)
        #expect(try second.run(id: run.id)?.status == .interrupted)
        try second.acquireLease(on: run.id, for: other)
        #expect(try second.lease(on: run.id)?.holder == other)
    }

    @Test("the URL's password never appears in what the store names")
    func passwordHidden() throws {
        let location = try #require(
            PostgreSQLLocation("postgresql://alice:s3cret@db.example:5432/runbook?sslmode=require&password=other"))
        #expect(location.shown == "postgresql://alice@db.example:5432/runbook?sslmode=require")
        #expect(location.hasPassword)
        #expect(PostgreSQLLocation("postgresql://alice@db/runbook")?.hasPassword == false)
        #expect(PostgreSQLLocation("/var/lib/records.sqlite") == nil)
        let withPassword = url.replacingOccurrences(of: "postgres@", with: "postgres:anything@")
        let opened = try RecordStore(path: withPassword)
        #expect(opened.path == url)
    }

    @Test("a refused password and an unreachable server are one line naming the URL without its password")
    func connectionErrors() throws {
        let database = String(url.split(separator: "/").last!)
        let wrong = "postgresql://\(PostgreSQLTestServer.passwordRole):wrong@127.0.0.1:\(server.port)/\(database)"
        #expect {
            try RecordStore(path: wrong)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(
                "postgresql://\(PostgreSQLTestServer.passwordRole)@127.0.0.1:\(server.port)/\(database): ")
                && text.contains("refused the password") && !text.contains("wrong") && !text.contains("\n")
        }
        #expect {
            try RecordStore(path: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2: ")
                && text.contains("no PostgreSQL server answers") && !text.contains("\n")
        }
    }
}
