import Foundation
import Testing

/// The records commands end to end through the built binary.
@Suite("runbook history, log, export, import, lessons, stats, amend")
struct RecordsCommandTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RunbookExportTests/Golden/fixture-run.json").path

    static let book = """
        ---
        id: cli-handoff
        title: CLI handoff
        version: 1
        ---
        # CLI handoff

        ## Prepare
        ```bash {id=prepare}
        echo prepared > prepared.txt
        ```

        - [ ] Ask the storage team to open the window

        ## Finish
        ```bash {id=finish}
        echo finished
        ```
        """

    @Test(
        "a paused run is listed, logged, exported, imported elsewhere and resumed there",
        arguments: RecordsBackendChoice.available)
    func handoff(backend: RecordsBackendChoice) throws {
        let alice = try CLISandbox(backend: backend)
        try alice.write("book.md", RecordsCommandTests.book)
        #expect(try alice.run(["run", "--auto", "book.md"]).status == 3)

        let history = try alice.run(["history"])
        #expect(history.status == 0)
        let lines = history.stdout.split(separator: "\n")
        #expect(
            lines.count == 2 && lines[0].hasPrefix("ID") && lines[1].contains("CLI handoff")
                && lines[1].contains("paused"))
        let shortID = String(lines[1].split(separator: " ")[0])
        #expect(shortID.count >= 8)
        let json = try alice.run(["history", "book.md", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        let runID = try #require(runs?.first?["id"] as? String)
        #expect(runID.hasPrefix(shortID))

        let log = try alice.run(["log", shortID])
        #expect(log.status == 0)
        #expect(
            log.stdout.contains("run-started") && log.stdout.contains("step-finished [prepare]")
                && log.stdout.contains("paused"))
        #expect(try alice.run(["log", shortID, "--json"]).stdout.hasPrefix("["))

        #expect(try alice.run(["export", shortID, "--format", "md", "-o", "run.md"]).status == 0)
        #expect(alice.file("run.md")?.contains("## Left to do") == true)
        #expect(alice.file("run.md")?.contains("runbook resume \(runID)") == true)
        #expect(try alice.run(["export", shortID, "--format", "html", "-o", "run.html"]).status == 0)
        #expect(alice.file("run.html")?.hasPrefix("<!DOCTYPE html>") == true)
        #expect(try alice.run(["export", shortID, "--format", "json", "-o", "run.json"]).status == 0)

        // Bob's machine: the file is not there; the stored revision is followed.
        let bob = try CLISandbox(backend: backend)
        try FileManager.default.copyItem(atPath: alice.directory + "/run.json", toPath: bob.directory + "/run.json")
        try FileManager.default.removeItem(atPath: alice.directory + "/book.md")
        let imported = try bob.run(["import", "run.json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("runbook resume \(runID)"))
        #expect(try bob.run(["import", "run.json"]).status == 1) // already there
        let resumed = try bob.run(["resume", shortID, "--auto", "--yes"], environment: ["RUNBOOK_OPERATOR": "bob"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let report = try bob.run(["export", shortID])
        #expect(report.stdout.contains("**Outcome: ✅ completed**"))
        #expect(!report.stdout.contains("## Left to do"))
        #expect(report.stdout.contains(", bob on "))
    }

    @Test(
        "unknown runs and missing records are usage errors; reading creates nothing",
        arguments: RecordsBackendChoice.available)
    func errors(backend: RecordsBackendChoice) throws {
        let sandbox = try CLISandbox(backend: backend)
        // No file, or a database without runbook's schema: there is nothing to read, and
        // reading does not create it.
        let none = try sandbox.run(["history"])
        #expect(none.status == 2, "\(none.stderr)")
        #expect(none.stderr.contains("no records"), "\(none.stderr)")
        #expect(try sandbox.recordsUntouched())
        try sandbox.write("book.md", RecordsCommandTests.book)
        _ = try sandbox.run(["run", "--auto", "book.md"])
        let unknown = try sandbox.run(["export", "zzzz"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no run has an id starting with 'zzzz'"))
        try sandbox.write("bad.json", "{\"format\": \"other\"}")
        #expect(try sandbox.run(["import", "bad.json"]).status == 2)
    }

    @Test(
        "the fixture run: lessons, stats and an amend patch applied to the runbook",
        arguments: RecordsBackendChoice.available)
    func amend(backend: RecordsBackendChoice) throws {
        let sandbox = try CLISandbox(backend: backend)
        let data = try Data(contentsOf: URL(fileURLWithPath: RecordsCommandTests.golden))
        let export = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let revision = try #require((export["revisions"] as? [[String: Any]])?.first)
        let text = try #require(revision["text"] as? String)
        try sandbox.write("fixture-backup.md", text)
        try FileManager.default.copyItem(
            atPath: RecordsCommandTests.golden, toPath: sandbox.directory + "/fixture.json")
        #expect(try sandbox.run(["import", "fixture.json"]).status == 0)

        let lessons = try sandbox.run(["lessons", "fixture-backup.md"])
        #expect(lessons.stdout.hasPrefix("The run as a whole:\n"))
        #expect(lessons.stdout.contains("Check the upload token's expiry"))
        let stats = try sandbox.run(["stats", "fixture-backup"])
        #expect(stats.stdout.hasPrefix("1 run\n"))
        #expect(stats.stdout.contains("upload"))

        let diff = try sandbox.run(["amend", "01hfx0ab", "--file", "fixture-backup.md"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.hasPrefix("--- a/fixture-backup.md\n+++ b/fixture-backup.md\n"))
        #expect(diff.stdout.contains("+echo \"snapshot $POOL@manual\""))
        #expect(diff.stdout.contains("+## Lessons learned"))
        #expect(sandbox.file("fixture-backup.md") == text) // a diff only

        // Patch with the system's patch(1) when there is one: the diff is well formed.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/patch") {
            try sandbox.write("amend.diff", diff.stdout)
            let copy = sandbox.directory + "/copy.md"
            try text.write(toFile: copy, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
            process.arguments = ["-s", copy, sandbox.directory + "/amend.diff"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        #expect(try sandbox.run(["amend", "01hfx0ab", "--file", "fixture-backup.md", "--apply"]).status == 0)
        #expect(sandbox.file("fixture-backup.md")?.contains("@manual") == true)
        // Now the file is not the revision the run followed: said, and not written without --force.
        let again = try sandbox.run(["amend", "01hfx0ab", "--file", "fixture-backup.md", "--apply"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("is not the revision run"))
    }
}
