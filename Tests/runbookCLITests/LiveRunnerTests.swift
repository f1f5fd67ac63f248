import Foundation
import RunbookKit
import Testing

/// One live runner per run, and nothing left running when the runner dies.
@Suite(.serialized) struct LiveRunnerTests {
    /// A step that, the first time, records its process group and waits in two processes of
    /// that group; run again, it says so and ends.
    static let longStep = """
        ## Long
        ```bash {id=long}
        if [ -e "$SANDBOX/second" ]; then echo again >> "$SANDBOX/log"; exit 0; fi
        touch "$SANDBOX/second"
        echo started >> "$SANDBOX/log"
        echo $BASHPID > "$SANDBOX/pgid.tmp" && mv "$SANDBOX/pgid.tmp" "$SANDBOX/pgid"
        sleep 300 & sleep 300
        ```
        ## After
        ```bash {id=after}
        echo after >> "$SANDBOX/log"
        ```
        """

    @Test(
        "kill -9 of runbook mid-step: the step's group ends within a second, the run reads as interrupted, resume --auto stops"
    )
    func killedRunnerLeavesNothingRunning() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", LiveRunnerTests.longStep)
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"])
        #expect(sandbox.waitFor("pgid"))
        let pgid = try #require(Int32(sandbox.file("pgid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(!ProcessGroup.isGone(pgid))
        kill(process.processIdentifier, SIGKILL)
        let killedAt = Date()
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !ProcessGroup.isGone(pgid), Date().timeIntervalSince(killedAt) < 1 { usleep(10_000) }
        #expect(
            ProcessGroup.isGone(pgid),
            "the step's processes \(ProcessGroup.liveMembers(pgid)) outlived runbook by a second")
        ProcessGroup.signal(pgid, SIGKILL)

        // Nobody runs the run any more: every listing says interrupted, not running.
        let history = try sandbox.run(["history"])
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("interrupted") && !history.stdout.contains("running"), "\(history.stdout)")
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        #expect(run.status == .interrupted)
        let log = try sandbox.run(["log", run.id])
        #expect(log.stdout.contains("interrupted"), "\(log.stdout)")
        let markdown = try sandbox.run(["export", run.id, "--format", "md"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(
            markdown.stdout.contains("interrupted") && !markdown.stdout.lowercased().contains("status: running"),
            "\(markdown.stdout)")
        #expect(markdown.stdout.contains("runner died"), "\(markdown.stdout)")
        let json = try sandbox.run(["export", run.id, "--format", "json"])
        #expect(
            json.stdout.contains("\"status\" : \"interrupted\"") || json.stdout.contains("\"status\":\"interrupted\""),
            "\(json.stdout.prefix(800))")
        #expect(!json.stdout.contains("\"running\""), "\(json.stdout.prefix(800))")
        let list = try sandbox.run(["list", sandbox.directory])
        #expect(list.stdout.contains("interrupted") && !list.stdout.contains("running"), "\(list.stdout)")

        // Unattended, a step whose fate is unknown is not run again.
        let stopped = try sandbox.run(["resume", "--auto"])
        #expect(stopped.status == 3, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("long was interrupted"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("attempt 1 was in progress when its runner died"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("--rerun-interrupted"), "\(stopped.stderr)")
        #expect(sandbox.file("log") == "started\n")

        // Still not, on the next resume, until told.
        #expect(try sandbox.run(["resume", "--auto"]).status == 3)
        let rerun = try sandbox.run(["resume", "--auto", "--rerun-interrupted"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(sandbox.file("log") == "started\nagain\nafter\n")
    }

    @Test("two resumes of one run at once: exactly one runs the step, the other is refused naming the holder")
    func concurrentResumesRunTheStepOnce() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Check
            - [ ] Tell the team
            ## Destroy
            ```bash {id=destroy}
            echo ran >> "$SANDBOX/ran"
            sleep 2
            ```
            """)
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 3)
        let first = try sandbox.start(["resume", "--auto", "--yes"])
        let second = try sandbox.start(["resume", "--auto", "--yes"])
        var results: [(status: Int32, stderr: String)] = []
        for (process, out, err) in [first, second] {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            results.append((process.terminationStatus, stderr))
        }
        #expect(results.map(\.status).sorted() == [0, 2], "\(results)")
        let refused = try #require(results.first { $0.status == 2 })
        #expect(refused.stderr.contains("is being run right now by"), "\(refused.stderr)")
        #expect(refused.stderr.contains("runbook pid"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("UNIQUE") && !refused.stderr.contains("constraint"))
        #expect(sandbox.file("ran") == "ran\n")
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        #expect(try store.state(of: run.id).status == .completed)
    }

    @Test("four first runs at once on a records file that does not exist yet all succeed", arguments: 1...5)
    func concurrentFirstRuns(_ round: Int) throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## A\n```bash\ntrue\n```\n")
        let records = sandbox.directory + "/new/records.sqlite"
        let started = try (1...4).map { _ in
            try sandbox.start(["run", "--auto", "book.md", "--records", records], withRecords: false)
        }
        for (process, out, err) in started {
            _ = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "round \(round): \(stderr)")
        }
        #expect(try RecordStore(path: records).runs().count == 4)
    }
}
