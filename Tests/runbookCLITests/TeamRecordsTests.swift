import Foundation
import RunbookTestSupport
import Testing

/// Two operators, two machines (two HOMEs), one PostgreSQL store: the handoff, the race for a
/// run, and runners side by side, through the built binary against a real server.
@Suite(
    "a team's records on PostgreSQL",
    .enabled(
        if: PostgreSQLTestServer.unavailableReason == nil || PostgreSQLTestServer.mustRun,
        Comment(rawValue: PostgreSQLTestServer.unavailableReason ?? "")))
struct TeamRecordsTests {
    /// Pauses under --auto at the checklist item; the second step takes a while, so a second
    /// resume arrives while the first still runs.
    static let book = """
        ---
        id: team-handoff
        title: Team handoff
        version: 1
        ---
        # Team handoff

        ## Prepare
        ```bash {id=prepare}
        echo prepared
        ```

        - [ ] Ask the storage team to open the window

        ## Finish
        ```bash {id=finish}
        sleep 2
        echo finished
        ```
        """

    static let quick = """
        # Quick

        ```bash {id=one}
        echo one
        ```

        ```bash {id=two}
        echo two
        ```
        """

    static func runIDs(_ sandbox: CLISandbox) throws -> [String] {
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        return (runs ?? []).compactMap { $0["id"] as? String }
    }

    @Test("alice pauses on her machine; bob resumes on his from the stored revision, the file gone")
    func handoffAcrossHomes() throws {
        let alice = try CLISandbox(backend: .postgresql)
        let bob = try CLISandbox(sharedRecords: alice.records)
        try alice.write("book.md", Self.book)
        let paused = try alice.run(
            ["run", "--auto", "book.md"], environment: ["HOME": alice.directory, "RUNBOOK_OPERATOR": "alice"])
        #expect(paused.status == 3, "\(paused.stderr)")
        try FileManager.default.removeItem(atPath: alice.directory + "/book.md")
        let runID = try #require(try Self.runIDs(bob).first)

        let resumed = try bob.run(
            ["resume", String(runID.prefix(10)), "--auto", "--yes"],
            environment: ["HOME": bob.directory, "RUNBOOK_OPERATOR": "bob"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("is gone; following the stored revision"))

        let report = try alice.run(["export", runID], environment: ["HOME": alice.directory])
        #expect(report.stdout.contains("**Outcome: ✅ completed**"))
        #expect(report.stdout.contains(", bob on "))
        let verify = try bob.run(["verify"], environment: ["HOME": bob.directory])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok      run \(runID)"))
        // Nothing of the URL's making reached the records but the URL without a password.
        #expect(!report.stdout.contains("postgres:"))
    }

    @Test("a team database the previous runbook wrote is upgraded quietly, and a paused run resumes on it")
    func upgradeOfASharedDatabase() throws {
        let server = try PostgreSQLTestServer.require()
        let url = try server.makeDatabase()
        let sandbox = try CLISandbox(sharedRecords: url)
        try sandbox.write("book.md", Self.book)
        let paused = try sandbox.run(["run", "--auto", "book.md"])
        #expect(paused.status == 3, "\(paused.stderr)")
        // The database as the runbook before the server's own migration left it.
        let database = String(url.split(separator: "/").last!)
        try server.psql(
            database,
            "DROP FUNCTION runbook.append_events; DELETE FROM runbook.schema_migrations WHERE identifier = 'pg1-append-events'"
        )
        let history = try sandbox.run(["history"])
        #expect(history.status == 0, "\(history.stderr)")
        // The migration's server notices are not the operator's business.
        #expect(history.stderr.isEmpty, "\(history.stderr)")
        let runID = try #require(try Self.runIDs(sandbox).first)
        let resumed = try sandbox.run(["resume", runID, "--auto", "--yes"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!resumed.stderr.contains("NOTICE"), "\(resumed.stderr)")
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(
            try server.psql(
                database, "SELECT count(*) FROM runbook.schema_migrations WHERE identifier = 'pg1-append-events'"
            )
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }

    /// `runbook ARGS --records URL` on a pseudo-terminal as `name`, at home in `sandbox`.
    static func terminal(_ sandbox: CLISandbox, _ arguments: [String], operator name: String) throws
        -> PseudoTerminal
    {
        var environment = ProcessInfo.processInfo.environment
        for variable in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS"] { environment[variable] = nil }
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        environment["HOME"] = sandbox.directory
        environment["RUNBOOK_OPERATOR"] = name
        return try PseudoTerminal(
            arguments + ["--records", sandbox.records], directory: sandbox.directory, environment: environment)
    }

    @Test("on terminals: alice pauses with the pause key; bob, without the file, resumes the run and finishes it")
    func interactiveHandoff() throws {
        let alice = try CLISandbox(backend: .postgresql)
        let bob = try CLISandbox(sharedRecords: alice.records)
        try alice.write(
            "book.md",
            """
            ---
            id: terminal-handoff
            title: Terminal handoff
            version: 1
            ---
            # Terminal handoff

            ## One
            ```bash {id=one}
            echo one
            ```

            ## Two
            ```bash {id=two}
            echo two-on-$RUNBOOK_OPERATOR
            ```
            """)
        let first = try Self.terminal(alice, ["run", "book.md"], operator: "alice")
        try first.expect("Start the run? [Y/n]")
        first.type("\r")
        try first.expect("Step 1/2 · One")
        first.type("r")
        try first.expect("✓ exit 0")
        try first.expect("Step 2/2 · Two")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause? (optional) ")
        first.type("handing over to bob\r")
        try first.expect("Paused: handing over to bob.")
        #expect(try first.waitForExit() == 3)
        // Alice's machine is out of reach: bob has neither it nor the file.
        try FileManager.default.removeItem(atPath: alice.directory + "/book.md")
        let runID = try #require(try Self.runIDs(bob).first)

        let second = try Self.terminal(bob, ["resume", runID], operator: "bob")
        try second.expect("is gone; following the stored revision", within: 15)
        try second.expect("Resuming run")
        try second.expect("1 of 2 steps done")
        try second.expect("Step 2/2 · Two")
        try second.expect("> ")
        second.type("r")
        try second.expect("✓ exit 0")
        try second.expect("Lessons learned?")
        try second.expect("> ")
        second.type("\r")
        #expect(try second.waitForExit() == 0)

        let log = try bob.run(["log", runID, "--json"], environment: ["HOME": bob.directory])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let kinds = events.compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "paused" }.count == 1 && kinds.filter { $0 == "resumed" }.count == 1, "\(kinds)")
        #expect(kinds.filter { $0 == "step-finished" }.count == 2 && kinds.last == "finished", "\(kinds)")
        let report = try alice.run(["export", runID], environment: ["HOME": alice.directory])
        #expect(report.stdout.contains("**Outcome: ✅ completed**"), "\(report.stdout)")
        #expect(report.stdout.contains("alice") && report.stdout.contains(", bob on "), "\(report.stdout)")
        let verify = try alice.run(["verify"], environment: ["HOME": alice.directory])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok      run \(runID)"))
    }

    @Test("8 runners on 8 runs and 2 racing resumes of one run: nothing lost or doubled, the loser refused")
    func concurrentRunners() throws {
        let team = try CLISandbox(backend: .postgresql)
        try team.write("quick.md", Self.quick)
        try team.write("book.md", Self.book)
        #expect(try team.run(["run", "--auto", "book.md"]).status == 3)
        let pausedID = try #require(try Self.runIDs(team).first)

        var started: [(Process, Pipe, Pipe)] = []
        for _ in 0..<8 { started.append(try team.start(["run", "--auto", "quick.md"])) }
        for _ in 0..<2 { started.append(try team.start(["resume", pausedID, "--auto", "--yes"])) }
        let results = started.map { ProgramRun.collect($0.0, stdout: $0.1, stderr: $0.2, timeout: 120) }
        for result in results.prefix(8) { #expect(result.status == 0, "\(result.stderrText)") }
        let resumes = Array(results.suffix(2))
        let winners = resumes.filter { $0.status == 0 }
        let losers = resumes.filter { $0.status != 0 }
        #expect(winners.count == 1 && losers.count == 1, "\(resumes.map(\.stderrText))")
        #expect(losers.first?.stderrText.contains("is being run right now by") == true, "\(losers.map(\.stderrText))")

        let ids = try Self.runIDs(team)
        #expect(ids.count == 9)
        let verify = try team.run(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        for id in ids {
            let log = try team.run(["log", id, "--json"])
            let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
            let sequences = events.compactMap { $0["sequence"] as? Int }
            #expect(sequences == Array(1...sequences.count))
            let kinds = events.compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0 == "run-started" }.count == 1)
            if id == pausedID {
                #expect(kinds.filter { $0 == "resumed" }.count == 1, "\(kinds)")
                // prepare, the checklist item, finish: each once.
                #expect(kinds.filter { $0 == "step-finished" }.count == 3, "\(kinds)")
            } else {
                #expect(kinds.filter { $0 == "step-finished" }.count == 2, "\(kinds)")
                #expect(kinds.last == "finished", "\(kinds)")
            }
        }
    }
}
