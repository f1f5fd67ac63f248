import Foundation
import RunbookTestSupport
import Testing

/// `contacts:` front matter: on the start screen, in `show --quick`, in every export.
@Suite("Contacts")
struct ContactsTests {
    static let runbook = """
        ---
        id: contacts-drill
        title: Contacts drill
        contacts:
          - {name: Ana Ruiz, role: storage on-call, reach: "+41 79 000 00 00", escalate-when: the pool is degraded}
          - name: "Bo <b>\\e[31m"
        ---
        # Contacts drill

        ```bash {id=hello}
        echo hello
        ```
        """

    @Test("show --quick names the contacts, control characters shown escaped")
    func quickReference() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", ContactsTests.runbook)
        let result = try sandbox.run(["show", "--quick", "book.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "# Contacts:\n#   Ana Ruiz (storage on-call), +41 79 000 00 00; escalate when: the pool is degraded\n"),
            "\(result.stdout)")
        #expect(result.stdout.contains("#   Bo <b>\\u{1b}[31m"), "\(result.stdout)")
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test("The Markdown, HTML and JSON exports carry the contacts; the JSON still matches its schema")
    func exports() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", ContactsTests.runbook)
        let run = try sandbox.run(["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stderr)")
        let history = try sandbox.run(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let runID = try #require(runs.first?["id"] as? String)

        let markdown = try sandbox.run(["export", runID, "--format", "md"])
        #expect(
            markdown.stdout.contains(
                "| Contacts | Ana Ruiz (storage on-call), +41 79 000 00 00; escalate when: the pool is degraded<br>Bo"),
            "\(markdown.stdout)")
        let html = try sandbox.run(["export", runID, "--format", "html"])
        #expect(
            html.stdout.contains(
                "<tr><th>Contacts</th><td>Ana Ruiz (storage on-call), +41 79 000 00 00; escalate when: the pool is degraded<br>Bo &lt;b&gt;"
            ), "\(html.stdout)")
        let json = try sandbox.run(["export", runID, "--format", "json", "-o", "run.json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: sandbox.directory + "/run.json"))) as? [String: Any])
        let contacts = try #require((document["summary"] as? [String: Any])?["contacts"] as? [[String: Any]])
        #expect(contacts.first?["name"] as? String == "Ana Ruiz")
        #expect(contacts.first?["escalateWhen"] as? String == "the pool is degraded")
        let python = try #require(
            InstalledTools.pythonWithJSONSchema,
            "no python3 can import jsonschema (apt-get install python3-jsonschema, as .ci/run does)")
        let validation = try CLISandbox.shell(
            [
                python, "-c",
                """
                import json, sys, jsonschema
                jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
                print("valid")
                """, sandbox.directory + "/run.json", CLISandbox.repositoryPath("docs/records-export.schema.json"),
            ], directory: sandbox.directory)
        #expect(validation.stdout == "valid\n", "\(validation.stderr)")
        let imported = try sandbox.run(
            ["import", "run.json", "--records", sandbox.directory + "/other.sqlite"], withRecords: false)
        #expect(imported.status == 0, "an export with contacts imports: \(imported.stderr)")
    }

    @Test("The start screen lists the contacts")
    func startScreen() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", ContactsTests.runbook)
        var environment = ProcessInfo.processInfo.environment
        for name in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS"] { environment[name] = nil }
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        let terminal = try PseudoTerminal(
            ["run", "book.md", "--records", sandbox.records], directory: sandbox.directory, environment: environment)
        try terminal.expect("Contacts:")
        try terminal.expect("  Ana Ruiz (storage on-call), +41 79 000 00 00; escalate when: the pool is")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("n")
        try terminal.expect("Nothing was run.")
        #expect(try terminal.waitForExit() == 0)
    }
}
