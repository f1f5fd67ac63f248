import Foundation
import RunbookTestSupport
import Testing

/// The records' server goes away in the middle of a run (issue 15, "Faults"): the runner waits
/// for it and carries on, and the records hold every event once.
///
/// Each test stops a PostgreSQL cluster of its own (`PostgreSQLTestServer.startPrivate()`):
/// stopping the shared one would cut every other test's sessions.
@Suite(
    "the records' PostgreSQL server restarted during a run",
    .enabled(
        if: PostgreSQLTestServer.unavailableReason == nil || PostgreSQLTestServer.mustRun,
        Comment(rawValue: PostgreSQLTestServer.unavailableReason ?? "")))
struct DatabaseRestartTests {
    /// Step two tells the test it started, then waits until the test lets it end: the test
    /// stops the server meanwhile, so the step's end is recorded while there is no server.
    static let book = """
        ---
        id: restart-drill
        title: Restart drill
        version: 1
        ---
        # Restart drill

        ## One
        ```bash {id=one}
        echo one >> "$SANDBOX/log"
        ```

        ## Two
        ```bash {id=two}
        echo two >> "$SANDBOX/log"
        touch "$SANDBOX/two-started"
        while [ ! -e "$SANDBOX/go" ]; do sleep 0.05; done
        ```

        ## Three
        ```bash {id=three}
        echo three >> "$SANDBOX/log"
        ```
        """

    @Test("a step ends while the server is down: the run waits, completes, and every event is there once")
    func runOutlivesARestart() throws {
        let server = try PostgreSQLTestServer.startPrivate()
        defer { server.shutDown() }
        let sandbox = try CLISandbox(sharedRecords: try server.makeDatabase())
        try sandbox.write("book.md", Self.book)
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"])
        #expect(sandbox.waitFor("two-started", seconds: 60))
        try server.stop()
        try sandbox.write("go", "")
        // Step two ends now; its end cannot be recorded until the server is back.
        sleep(2)
        try server.startAgain()
        let result = CLISandbox.Result(ProgramRun.collect(process, stdout: out, stderr: err, timeout: 120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.file("log") == "one\ntwo\nthree\n")

        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let runID = try #require(try TeamRecordsTests.runIDs(sandbox).first)
        #expect(verify.stdout.contains("ok      run \(runID)"), "\(verify.stdout)")
        let log = try sandbox.run(["log", runID, "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(events.compactMap { $0["sequence"] as? Int } == Array(1...events.count))
        let kinds = events.compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "run-started" }.count == 1, "\(kinds)")
        #expect(kinds.last == "finished", "\(kinds)")
        for step in ["one", "two", "three"] {
            let ofStep = events.filter { $0["stepID"] as? String == step || $0["step"] as? String == step }
            let stepKinds = ofStep.compactMap { $0["kind"] as? String }
            #expect(stepKinds.filter { $0 == "step-started" }.count == 1, "\(step): \(kinds)")
            #expect(stepKinds.filter { $0 == "step-finished" }.count == 1, "\(step): \(kinds)")
        }
        let history = try sandbox.run(["history"])
        #expect(history.stdout.contains("completed"), "\(history.stdout)")
    }

    @Test("a step's end commits but the reply is lost: recognised on the retry, recorded once")
    func commitReplyLost() throws {
        let server = try PostgreSQLTestServer.require()
        let url = try server.makeDatabase()
        let proxy = try ReplyDroppingProxy(forwardingTo: server.port)
        let sandbox = try CLISandbox(
            sharedRecords: url.replacingOccurrences(of: ":\(server.port)/", with: ":\(proxy.port)/"))
        try sandbox.write("book.md", Self.book)
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"])
        #expect(sandbox.waitFor("two-started", seconds: 60))
        // The next append is step two's end: it commits, its answer never comes back.
        proxy.dropReplyAfter("append_events")
        try sandbox.write("go", "")
        let result = CLISandbox.Result(ProgramRun.collect(process, stdout: out, stderr: err, timeout: 120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(proxy.droppedReplies == 1)
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let runID = try #require(try TeamRecordsTests.runIDs(sandbox).first)
        let log = try sandbox.run(["log", runID, "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(events.compactMap { $0["sequence"] as? Int } == Array(1...events.count))
        let finishedTwo = events.filter {
            $0["kind"] as? String == "step-finished"
                && ($0["stepID"] as? String == "two" || $0["step"] as? String == "two")
        }
        #expect(finishedTwo.count == 1, "\(events.compactMap { $0["kind"] as? String })")
    }

    @Test("the server stays away past the patience: the run stops cleanly, then resumes to completion")
    func serverGoneTooLongThenResumed() throws {
        let server = try PostgreSQLTestServer.startPrivate()
        defer { server.shutDown() }
        let sandbox = try CLISandbox(sharedRecords: try server.makeDatabase())
        try sandbox.write("book.md", Self.book)
        let (process, out, err) = try sandbox.start(
            ["run", "--auto", "book.md"], environment: ["RUNBOOK_RECORDS_PATIENCE": "2"])
        #expect(sandbox.waitFor("two-started", seconds: 60))
        try server.stop()
        try sandbox.write("go", "")
        let result = CLISandbox.Result(ProgramRun.collect(process, stdout: out, stderr: err, timeout: 120))
        // Nothing can be recorded, so nothing is claimed: the run stops, saying why, and not as
        // a crash.
        #expect(result.status == 1 && !result.signaled, "\(result.status) \(result.stderr)")
        #expect(result.stderr.contains("did not come back within 2 seconds"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        #expect(sandbox.file("log") == "one\ntwo\n")

        try server.startAgain()
        let runID = try #require(try TeamRecordsTests.runIDs(sandbox).first)
        // Step two's end was never recorded: its fate is unknown, so it is run again only when told.
        let resumed = try sandbox.run(["resume", runID, "--auto", "--yes", "--rerun-interrupted"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(sandbox.file("log")?.hasSuffix("three\n") == true, "\(sandbox.file("log") ?? "")")
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let log = try sandbox.run(["log", runID, "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        #expect(events.compactMap { $0["sequence"] as? Int } == Array(1...events.count))
        let kinds = events.compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "run-started" }.count == 1, "\(kinds)")
        #expect(kinds.last == "finished", "\(kinds)")
    }
}
