import Foundation
import RunbookKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The record of an interactive run with an edit, a failure, a pause and a resume by someone
/// else, read back through `export` and `amend`: it says what happened and nothing else.
@Suite(.serialized) struct HandoffTruthTests {
    static let book = """
        ---
        id: migrate-db
        title: Migrate the database
        version: 5
        ---
        # Migrate the database

        ## Back up
        ```bash {id=backup}
        echo backed up >> "$SANDBOX/log"
        ```

        ## Migrate
        ```bash {id=migrate}
        echo migrated >> "$SANDBOX/log"
        ```

        """

    func terminal(_ sandbox: CLISandbox, _ arguments: [String], operator name: String) throws -> PseudoTerminal {
        var env = ProcessInfo.processInfo.environment
        for variable in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS"] { env[variable] = nil }
        env["NO_COLOR"] = "1"
        env["TERM"] = "xterm"
        env["SANDBOX"] = sandbox.directory
        env["RUNBOOK_OPERATOR"] = name
        return try PseudoTerminal(
            arguments + ["--records", sandbox.records], directory: sandbox.directory, environment: env)
    }

    @Test(
        "edit to a failing command, pause, resume with the written command: export md and json list both attempts, amend proposes nothing for the step"
    )
    func editFailPauseResumeExportAmend() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", HandoffTruthTests.book)

        let first = try terminal(sandbox, ["run", "book.md"], operator: "alice")
        try first.expect("Start the run? [Y/n]")
        first.type("\r")
        try first.expect("Step 1/2 · Back up")
        first.type("r")
        try first.expect("Step 2/2 · Migrate")
        try first.expect("> ")
        first.type("e")
        try first.expect("$ echo migrated >> \"$SANDBOX/log\"")
        first.type("\u{15}echo new-flag; exit 7\r")
        try first.expect("+ ")
        first.type("\r")
        try first.expect("Run the edited command? [Y/n]")
        first.type("\r")
        try first.expect("✗ exit 7")
        try first.expect("The step failed.")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause? (optional) ")
        first.type("handing over to day shift\r")
        try first.expect("Paused: handing over to day shift.")
        #expect(try first.waitForExit() == 3)

        let store = try RecordStore(path: sandbox.records)
        let runID = try #require(try store.runs().first?.id)
        let second = try terminal(sandbox, ["resume", runID], operator: "bob")
        try second.expect("Resuming run")
        try second.expect("1 of 2 steps done")
        try second.expect("Step 2/2 · Migrate")
        try second.expect("$ echo migrated >> \"$SANDBOX/log\"")
        try second.expect("> ")
        second.type("r")
        try second.expect("✓ exit 0")
        try second.expect("2 of 2 steps done, 0 skipped, 0 edited")
        try second.expect("Lessons learned?")
        try second.expect("> ")
        second.type("\r")
        #expect(try second.waitForExit() == 0)
        #expect(sandbox.file("log") == "backed up\nmigrated\n")

        let markdown = try sandbox.run(["export", runID, "--format", "md"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let md = markdown.stdout
        #expect(md.contains("**Attempt 1**, by alice on "))
        #expect(md.contains(": failed with exit status 7"))
        #expect(md.contains("+echo new-flag; exit 7"))
        #expect(md.contains("-echo migrated >> \"$SANDBOX/log\""))
        #expect(md.contains("Output of attempt 1 (stdout, 9 B)"))
        #expect(md.contains("**Attempt 2**, by bob on "))
        #expect(md.contains(": succeeded in "))
        #expect(md.contains("Paused at migrate: handing over to day shift. Resumed by bob on "))
        #expect(!md.contains("succeeded, edited"))
        #expect(md.contains("- Steps: 2 of 2 steps done, 1 failed") == false)
        #expect(md.contains("- Steps: 2 of 2 steps done\n"))

        let json = try sandbox.run(["export", runID, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        let migrate = try #require(steps.first { $0["id"] as? String == "migrate" })
        let attempts = try #require(migrate["attempts"] as? [[String: Any]])
        #expect(attempts.count == 2)
        #expect(attempts.first?["command"] as? String == "echo new-flag; exit 7\n")
        #expect(attempts.first?["edited"] as? Bool == true)
        #expect(attempts.first?["outcome"] as? String == "failed")
        #expect(attempts.first?["exitCode"] as? Int == 7)
        #expect(attempts.first?["operator"] as? String == "alice")
        #expect(attempts.last?["command"] as? String == "echo migrated >> \"$SANDBOX/log\"\n")
        #expect(attempts.last?["edited"] as? Bool == false)
        #expect(attempts.last?["outcome"] as? String == "succeeded")
        #expect(attempts.last?["operator"] as? String == "bob")
        #expect(migrate["edited"] as? Bool == false)

        let amend = try sandbox.run(["amend", runID])
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(!amend.stdout.contains("exit 7"))
        #expect(amend.stderr.contains("nothing to amend"))
    }

    @Test("amend's patch names the file relative to the current directory: git apply and patch -p1 take it")
    func amendPatchApplies() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", HandoffTruthTests.book)
        // --auto has no edits: the run's lesson and a fake edit come from a scripted run in
        // another test; here a skip is enough to change the file.
        let run = try sandbox.run(["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stderr)")
        let store = try RecordStore(path: sandbox.records)
        let runID = try #require(try store.runs().first?.id)
        try store.append(
            [NewEvent(.lesson(TextPayload(text: "Back up to the second disk too")))], to: runID,
            after: try store.events(of: runID).count)
        let amend = try sandbox.run(["amend", runID])
        #expect(amend.status == 0, "\(amend.stderr)")
        #expect(amend.stdout.hasPrefix("--- a/book.md\n+++ b/book.md\n"), "\(amend.stdout)")
        try sandbox.write("change.patch", amend.stdout)
        for tool in [
            ["/usr/bin/git", "apply", "--check", "change.patch"],
            ["/usr/bin/patch", "-p1", "--dry-run", "-i", "change.patch"],
        ] {
            guard FileManager.default.isExecutableFile(atPath: tool[0]) else {
                Issue.record("\(tool[0]) is not installed"); continue
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool[0])
            process.arguments = Array(tool.dropFirst())
            process.currentDirectoryURL = URL(fileURLWithPath: sandbox.directory)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(tool[0]) refused the patch")
        }
    }

    @Test(
        "the unfinished-run offer counts the runbook's steps done, not the ones skipped before --from or the prerequisites"
    )
    func offerCountsStepsDone() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            prerequisites:
              - name: shell-works
                run: "true"
            ---
            ## One
            ```bash {id=one}
            true
            ```
            ## Two
            ```bash {id=two}
            true
            ```
            ## Three
            ```bash {id=three}
            true
            ```
            """)
        let first = try terminal(sandbox, ["run", "book.md", "--from", "three"], operator: "alice")
        try first.expect("Start the run? [Y/n]")
        first.type("\r")
        try first.expect("· Three")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause? (optional) ")
        first.type("\r")
        #expect(try first.waitForExit() == 3)

        let second = try terminal(sandbox, ["run", "book.md"], operator: "alice")
        try second.expect("An unfinished run of this runbook exists:")
        try second.expect("0 of 3 steps done")
        try second.expect("[r] resume it (Enter)")
        second.type("q")
        _ = try second.waitForExit()
    }
}
