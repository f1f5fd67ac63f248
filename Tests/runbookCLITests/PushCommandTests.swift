import Foundation
import RunbookTestSupport
import Testing

/// `runbook push`: runs recorded locally (SQLite) copied into another store, SQLite or the real
/// PostgreSQL test server, through the built binary.
@Suite("runbook push: local runs copied into the team's records")
struct PushCommandTests {
    static let book = """
        # Push

        ```bash {id=first}
        echo "marker-$((40 + 2))"
        ```

        ```bash {id=second}
        echo second
        ```
        """

    /// A local sandbox with one completed run, and its id.
    static func localRun(backend: RecordsBackendChoice = .selected) throws -> (CLISandbox, String) {
        let local = try CLISandbox(backend: backend)
        try local.write("book.md", Self.book)
        let run = try local.run(["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stderr)")
        return (local, try VerifyCommandTests.runID(local))
    }

    /// The events the records at `records` hold for `runID`, as `log --json` gives them.
    static func events(_ sandbox: CLISandbox, _ runID: String, in records: String) throws -> [[String: Any]] {
        let log = try sandbox.run(["log", runID, "--json", "--records", records], withRecords: false)
        #expect(log.status == 0, "\(log.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
    }

    @Test(
        "push copies every run with its chain; pushing again adds nothing",
        arguments: RecordsBackendChoice.available)
    func pushTwice(_ backend: RecordsBackendChoice) throws {
        let (local, runID) = try Self.localRun()
        let team = try CLISandbox(backend: backend)
        let first = try local.run(["push", "--to", team.records])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("pushed run \(runID) (completed, "), "\(first.stderr)")
        let copied = try Self.events(local, runID, in: team.records)
        #expect(copied.count == (try Self.events(local, runID, in: local.records)).count)
        let verify = try team.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok      run \(runID)"), "\(verify.stdout)")

        let again = try local.run(["push", String(runID.prefix(10)), "--to", team.records])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("run \(runID) is already there"), "\(again.stderr)")
        #expect(try Self.events(local, runID, in: team.records).count == copied.count)
        let history = try team.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(runs?.count == 1)
    }

    @Test(
        "a different run under the same id in the target is refused, and the target keeps its own",
        arguments: RecordsBackendChoice.available)
    func conflictingRunRefused(_ backend: RecordsBackendChoice) throws {
        let (local, runID) = try Self.localRun()
        let team = try CLISandbox(backend: backend)
        // The same run with one output changed and its hashes dropped (an export written
        // before the chain): import accepts it, so the target holds another history for the id.
        let export = try local.run(["export", runID, "--format", "json"])
        var document = try #require(
            try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        var run = try #require(document["run"] as? [String: Any])
        run["headHash"] = nil
        document["run"] = run
        document["events"] = (document["events"] as? [[String: Any]])?.map { event in
            var event = event
            event["hash"] = nil
            return event
        }
        let altered = String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
            .replacingOccurrences(of: "marker-42", with: "marker-43")
        try team.write("other.json", altered)
        let imported = try team.run(["import", "other.json"])
        try #require(imported.status == 0, "\(imported.stderr)")
        let before = try Self.events(team, runID, in: team.records)

        let push = try local.run(["push", "--to", team.records])
        #expect(push.status == 1)
        #expect(
            push.stderr.contains("run \(runID) refused: a different run with the same id is already in the target"),
            "\(push.stderr)")
        #expect(push.stderr.contains("1 run was refused"), "\(push.stderr)")
        let after = try Self.events(team, runID, in: team.records)
        #expect(after.count == before.count)
        #expect("\(after)".contains("marker-43") && !"\(after)".contains("marker-42"))
    }

    @Test(
        "a local run whose chain is broken is refused before anything is copied",
        arguments: RecordsBackendChoice.available)
    func tamperedRunRefused(_ backend: RecordsBackendChoice) throws {
        // Tampered behind SQLite's back: the local records are a file whatever the switch says.
        let (local, runID) = try Self.localRun(backend: .sqlite)
        let team = try CLISandbox(backend: backend)
        try VerifyCommandTests.tamper(local, "marker-42", "marker-43")
        let push = try local.run(["push", "--to", team.records])
        #expect(push.status == 1)
        #expect(push.stderr.contains("run \(runID) refused: its chain does not verify"), "\(push.stderr)")
        let history = try team.run(["history", "--json"])
        #expect(!history.stdout.contains(runID), "\(history.stdout)")
    }

    @Test("a run that is not in the local records is the caller's mistake (exit 2)")
    func unknownRun() throws {
        let (local, _) = try Self.localRun()
        let team = try CLISandbox()
        let push = try local.run(["push", "zzzzzzzz", "--to", team.records])
        #expect(push.status == 2, "\(push.stderr)")
        #expect(!FileManager.default.fileExists(atPath: team.records) || push.stderr.contains("zzzzzzzz"))
    }
}
