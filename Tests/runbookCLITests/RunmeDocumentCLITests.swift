import Foundation
import RunbookKit
import Testing

/// A Runme user's README, written for these tests, run end to end through the built binary.
@Suite(.serialized) struct RunmeDocumentCLITests {
    /// Prompts, a free category, an unset variable, a here-document, a plain fence, an excluded
    /// cell and a tagged one: what Runme's own examples lean on.
    static let readme = """
        ---
        category: solution-2
        ---

        # Hello

        ```sh {"name":"hello-world"}
        $ echo "Hello, ${WHO}!${NOT_SET_ANYWHERE}" >> "$SANDBOX/ran.txt"
        ```

        ```sh {"name":"hello-moon","excludeFromRunAll":"true"}
        $ echo "Hello, moon" >> "$SANDBOX/ran.txt"
        ```

        ```sh {"tag":"setup"}
        $ cat >> "$SANDBOX/ran.txt" <<EOF
        $ a here-document line
        EOF
        ```

        ```
        stty -opost && echo "plain fence in $(basename "$PWD")" >> "$SANDBOX/ran.txt"
        ```

        """

    func sandboxWithReadme(folder: String = "docs") throws -> CLISandbox {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/" + folder, withIntermediateDirectories: true)
        try sandbox.write(folder + "/README.md", Self.readme)
        try sandbox.write(folder + "/.env", "WHO=dotenv\n")
        return sandbox
    }

    @Test func aRunmeReadmeRunsTheWayRunmeRunsIt() throws {
        let sandbox = try sandboxWithReadme()
        let result = try sandbox.run(["run", "--auto", "--yes", "docs/README.md"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(sandbox.file("ran.txt") == "Hello, dotenv!\n$ a here-document line\nplain fence in docs\n")
        #expect((result.stdout + result.stderr).contains("skipped hello-moon"))
    }

    @Test(
        arguments: [
            // The plain fence's id is its heading's slug plus a suffix, `hello-2`: the glob takes it.
            (["--only", "hello-*"], "Hello, dotenv!\nHello, moon\nplain fence in docs\n"),
            (["--only", "hello-world,hello-moon"], "Hello, dotenv!\nHello, moon\n"),
            (["--only", "hello-moon,cat-"], "Hello, moon\n$ a here-document line\n"),
            (["--only", "hello-moon", "--only", "hello-world"], "Hello, dotenv!\nHello, moon\n"),
            (["--tag", "setup"], "$ a here-document line\n"),
            (["--category", "setup"], "$ a here-document line\n"),
        ] as [([String], String)])
    func onlyAndTagSelectSteps(arguments: [String], ran: String) throws {
        let sandbox = try sandboxWithReadme()
        let result = try sandbox.run(["run", "--auto", "docs/README.md"] + arguments)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(sandbox.file("ran.txt") == ran)
    }

    @Test func aSelectionOfNothingIsAUsageErrorAndRunsNothing() throws {
        let sandbox = try sandboxWithReadme()
        let result = try sandbox.run(["run", "--auto", "docs/README.md", "--only", "hello-world,nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no step is named or tagged 'nope'"))
        #expect(sandbox.file("ran.txt") == nil)
        let both = try sandbox.run([
            "run", "--auto", "docs/README.md", "--only", "hello-world", "--from", "hello-world",
        ])
        #expect(both.status == 2)
        let plan = try sandbox.run(["run", "--dry-run", "docs/README.md", "--only", "hello-moon"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("hello-world: Hello — not selected by --only or --tag"), "\(plan.stdout)")
    }

    @Test func twoReadmesInDifferentFoldersKeepTheirOwnRecords() throws {
        let sandbox = try sandboxWithReadme(folder: "one")
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/two", withIntermediateDirectories: true)
        try sandbox.write("two/README.md", Self.readme)
        #expect(try sandbox.run(["run", "--auto", "--yes", "one/README.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "--yes", "two/README.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "--yes", "two/README.md"]).status == 0)
        let one = try sandbox.run(["history", "one/README.md"])
        let two = try sandbox.run(["history", "two/README.md"])
        let runs = { (text: String) in text.split(separator: "\n").filter { $0.contains("completed") }.count }
        #expect(runs(one.stdout) == 1, "\(one.stdout)")
        #expect(runs(two.stdout) == 2, "\(two.stdout)")
    }

    @Test func runbooksShippedWithTheToolKeepRunbookSemantics() throws {
        let root = CLISandbox.repositoryPath("runbooks")
        let files = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".md") && !$0.hasSuffix("README.md")
        }
        #expect(files.count >= 11)
        for file in files {
            let runbook = try RunbookParser().parse(contentsOf: root + "/" + file)
            #expect(runbook.semantics == .runbook, "\(file)")
            #expect(
                runbook.allSteps.allSatisfy { !$0.isInteractive || $0.block?.attributes.flag("interactive") == true },
                "\(file)")
        }
    }

    @Test func aDocumentWithNothingToRunSaysSoAndIsNotReportedCompleted() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "notes.md",
            "---\nid: notes\n---\n# Notes\n```\necho plain fence in a runbook document\n```\n```yaml\na: 1\n```\n")
        let result = try sandbox.run(["run", "--auto", "--yes", "notes.md"])
        #expect(result.status == 0, "nothing to do is not an error (issue 14)")
        #expect(result.stderr.contains("notes.md has no step to run"), "\(result.stderr)")
        let history = try sandbox.run(["history"])
        #expect(!history.stdout.contains("completed"), "nothing is recorded: \(history.stdout)")
    }

    @Test func showSaysWhenADocumentRunsAsRunmeDoes() throws {
        let sandbox = try sandboxWithReadme()
        try sandbox.write("strict.md", "---\nid: strict\n---\n```bash\necho hi\n```\n")
        let runme = try sandbox.run(["show", "docs/README.md"], withRecords: false)
        #expect(runme.stdout.contains("priority normal · tags: solution-2 · runs as Runme does"), "\(runme.stdout)")
        let strict = try sandbox.run(["show", "strict.md"], withRecords: false)
        #expect(strict.status == 0 && !strict.stdout.contains("Runme"))
    }
}
