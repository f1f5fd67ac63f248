import Foundation
import RunbookKit
import Testing

@Suite(.serialized) struct RunCommandTests {
    @Test func exitCodesFollowTheContract() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("ok.md", "## A\n```bash\ntrue\n```\n")
        try sandbox.write("fails.md", "## A\n```bash\nexit 4\n```\n")
        try sandbox.write("manual.md", "## A\n- [ ] Unplug the disk\n")
        _ = FileManager.default.createFile(atPath: sandbox.directory + "/bad.md", contents: Data([0xff, 0xfe, 0x41]))
        #expect(try sandbox.run(["run", "--auto", "ok.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "fails.md"]).status == 1)
        #expect(try sandbox.run(["run", "--auto", "manual.md"]).status == 3)
        #expect(try sandbox.run(["run", "--auto", "manual.md", "--yes"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "bad.md"]).status == 2)
        #expect(try sandbox.run(["run", "--auto", "--no-such-flag", "ok.md"]).status == 2)
        #expect(try sandbox.run(["run", "--auto", "--var", "not-an-assignment", "ok.md"]).status == 2)
        let dry = try sandbox.run(["run", "--dry-run", "ok.md"])
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("nothing will run"))
    }

    /// A runbook the parser could only partly read would run without what it lost: its
    /// prerequisites and checks (front matter), the steps after an unclosed fence, a pattern
    /// that checks nothing. `run` and `resume` refuse it, every problem with its file:line.
    @Test(arguments: [
        (
            "---\nvariables:\n  POOL:\n    default: tank\n   pattern: '[a-z]+'\n---\n" + RunCommandTests.touch,
            "book.md:", "front-matter-invalid"
        ),
        (
            "---\nvariables:\n  POOL: {pattern: \"[a-z\"}\n---\n" + RunCommandTests.touch, "book.md:3:",
            "variable-pattern"
        ),
        (RunCommandTests.touch + "## Open\n```bash\necho never closed\n", "book.md:6:", "unclosed-fence"),
    ])
    func refusesRunbookWithProblems(_ text: String, _ location: String, _ code: String) throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", text)
        let refused = try sandbox.run(["run", "--auto", "book.md"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains(location) && refused.stderr.contains("[\(code)]"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was run"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory + "/ran"))
        #expect(try sandbox.recordsUntouched())
        // show still reads it and reports as before.
        #expect(try sandbox.run(["show", "book.md"], withRecords: false).stdout.contains("Touch"))
    }

    static let touch = "## Touch\n```bash\ntouch \"$SANDBOX/ran\"\n```\n"

    @Test func resumeRefusesARunbookBrokenSinceTheRunStarted() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## Check\n- [ ] Tell the team\n## Touch\n```bash\ntouch \"$SANDBOX/ran\"\n```\n")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 3)
        try sandbox.write(
            "book.md",
            "---\ntitle: [unclosed\n---\n## Check\n- [ ] Tell the team\n## Touch\n```bash\ntouch \"$SANDBOX/ran\"\n```\n"
        )
        let refused = try sandbox.run(["resume", "--auto", "--yes"])
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("book.md:"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory + "/ran"))
    }

    @Test func withoutSkipsStepsThatRequireTheCapabilityAndSaysWhy() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Portable
            ```bash {id=portable}
            echo portable >> ran.txt
            ```
            ## Diff
            ```bash {id=diff requires=openzfs}
            echo diff >> ran.txt
            ```
            """)
        let dry = try sandbox.run(["run", "--dry-run", "--without", "openzfs", "book.md"])
        #expect(dry.stdout.contains("diff: Diff — skipped (requires openzfs, declared missing)"))
        let run = try sandbox.run(["run", "--auto", "book.md"], environment: ["RUNBOOK_WITHOUT": "zfs-diff, openzfs"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("skipped diff: requires openzfs, which this run declared missing (--without)"))
        #expect(sandbox.file("ran.txt") == "portable\n")
        let everything = try sandbox.run(["run", "--auto", "book.md"], environment: ["RUNBOOK_WITHOUT": ""])
        #expect(everything.status == 0)
        #expect(sandbox.file("ran.txt") == "portable\nportable\ndiff\n")
    }

    @Test func secretsStayOutOfOutputAndRecords() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            variables:
              TOKEN: { secret: true }
            ---
            ## Use
            ```bash
            echo "token=$TOKEN"; echo "$TOKEN" >&2; export LEAK="$TOKEN"
            ```
            """)
        let secret = "Sup3r-Secret-Value"
        let result = try sandbox.run(["run", "--auto", "book.md", "--var", "TOKEN=\(secret)"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        #expect(result.stdout.contains("token=[secret:TOKEN]"))
        #expect(!(try sandbox.recordsBytes()).contains(secret))
        // A records file is owner-only; records on a server are guarded by its roles instead.
        if sandbox.backend == .sqlite {
            var info = stat()
            #expect(stat(sandbox.records, &info) == 0 && info.st_mode & 0o777 == 0o600)
        }
    }

    @Test func variableValuesExecuteNothing() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            variables:
              V: { default: x }
            ---
            ## Echo
            ```bash
            printf '%s' "$V" > "$SANDBOX/v.txt"
            ```
            """)
        let value = "a'b\"c $(touch \(sandbox.directory)/pwned) `id`\nline2"
        #expect(try sandbox.run(["run", "--auto", "book.md", "--var", "V=\(value)"]).status == 0)
        #expect(sandbox.file("v.txt") == value)
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory + "/pwned"))
    }

    @Test func timeoutStopsTheStepAndItsChildren() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Slow
            ```bash {id=slow timeout=1s}
            echo $BASHPID > "$SANDBOX/pgid"
            sleep 300 &
            sleep 300
            ```
            """)
        let started = Date()
        let result = try sandbox.run(["run", "--auto", "--kill-grace", "0.5", "book.md"])
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.stderr.contains("timed out"))
        let pgid = try #require(Int32(sandbox.file("pgid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(ProcessGroup.liveMembers(pgid).isEmpty)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalInterruptsTheStepAndResumeFinishes(_ signal: Int32) throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Long
            ```bash {id=long}
            if [ -e "$SANDBOX/second" ]; then echo resumed >> "$SANDBOX/log"; exit 0; fi
            touch "$SANDBOX/second"
            echo $BASHPID > "$SANDBOX/pgid.tmp" && mv "$SANDBOX/pgid.tmp" "$SANDBOX/pgid"
            sleep 300 & sleep 300
            ```
            ## After
            ```bash {id=after}
            echo after >> "$SANDBOX/log"
            ```
            """)
        let (process, out, err) = try sandbox.start(["run", "--auto", "--kill-grace", "1", "book.md"])
        #expect(sandbox.waitFor("pgid"))
        kill(process.processIdentifier, signal)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(stderr)")
        let pgid = try #require(Int32(sandbox.file("pgid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(ProcessGroup.liveMembers(pgid).isEmpty)

        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.latestUnfinishedRun())
        #expect(run.status == .interrupted)
        #expect(try store.events(of: run.id).contains { $0.kind == .interrupted })

        let resumed = try sandbox.run(["resume", "--auto"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(sandbox.file("log") == "resumed\nafter\n")
    }

    @Test func resumeShowsWhichStepsChanged() throws {
        let sandbox = try CLISandbox()
        let original = """
            ## One
            ```bash {id=one}
            echo one
            ```
            - [ ] Check the dashboard
            ## Two
            ```bash {id=two}
            echo two
            ```
            """
        try sandbox.write("book.md", original)
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 3)
        try sandbox.write("book.md", original.replacingOccurrences(of: "echo two", with: "echo 2"))
        let resumed = try sandbox.run(["resume", "--auto", "--yes"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("changed since run"))
        #expect(resumed.stderr.contains("changed: two"))
        #expect(resumed.stdout == "2\n")
    }
}
