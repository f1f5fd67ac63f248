import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords
import RunbookTestSupport
import Testing

@Suite("Exports of a recorded run")
struct ExportTests {
    @Test("the fixture run records what the exports need")
    func fixtureRun() throws {
        let sandbox = try FixtureSandbox()
        let runID = try sandbox.recordFixtureRun()
        let state = try sandbox.store.state(of: runID)
        #expect(state.status == .rolledBack)
        #expect(state.steps["warm-cache"]?.skip != nil)
        #expect(state.steps["snapshot"]?.editedCommand != nil)
        #expect(state.steps["upload"]?.outcome == .failed)
        #expect(state.steps["remove-snapshot"]?.outcome == .succeeded)
        #expect(state.lessons.count == 2)
        #expect(state.notes.count == 2)
    }

    @Test("golden Markdown, JSON and HTML exports; no secret in any of them")
    func goldens() throws {
        let sandbox = try FixtureSandbox()
        let export = try sandbox.normalised(sandbox.export(try sandbox.recordFixtureRun()))
        let report = sandbox.report(export)
        let markdown = MarkdownExporter().render(report)
        let json = String(decoding: try JSONExporter.render(export, report: report), as: UTF8.self)
        let html = HTMLExporter().render(report)
        #expect(markdown == (try Golden.check("fixture-run.md", markdown)))
        #expect(json == (try Golden.check("fixture-run.json", json)))
        #expect(html == (try Golden.check("fixture-run.html", html)))
        for text in [markdown, json, html] {
            #expect(!text.contains(FixtureSandbox.secret))
            #expect(text.contains("[secret:API_TOKEN]"))
        }
    }

    @Test("the Markdown export parses back with cmark-gfm into its sections, checklist and code")
    func markdownParsesBack() throws {
        let sandbox = try FixtureSandbox()
        let export = try sandbox.normalised(sandbox.export(try sandbox.recordFixtureRun()))
        let markdown = MarkdownExporter().render(sandbox.report(export))
        let result = try runProgram(
            "/usr/bin/cmark-gfm", ["--extension", "table", "--to", "xml"], input: Data(markdown.utf8))
        #expect(result.status == 0)
        let xml = result.stdout
        for heading in [
            "Summary", "Deviations", "Skipped", "Edits", "Notes", "Lessons learned", "Checklist", "Steps", "Validation",
            "Rollback",
        ] {
            #expect(xml.contains("<text xml:space=\"preserve\">\(heading)</text>"), "missing heading \(heading)")
        }
        // One checklist row per step (the header is a table_header): prerequisite, 5 main incl. manual, validation, rollback.
        let tables = xml.components(separatedBy: "<table>")
        try #require(tables.count == 4) // facts, deviations (in the summary), checklist
        let checklistRows = tables[3].components(separatedBy: "<table_row").count - 1
        #expect(checklistRows == 8)
        // Code blocks keep their content whole: the edited command as a diff, the cut output.
        #expect(xml.contains("<code_block info=\"diff\""))
        #expect(xml.contains("+echo &quot;snapshot $POOL@manual&quot;"))
        #expect(xml.contains("[… 61 lines cut …]"))
    }

    @Test("the JSON export matches its schema's required keys and round-trips through import")
    func jsonRoundTrip() throws {
        let sandbox = try FixtureSandbox()
        let runID = try sandbox.recordFixtureRun()
        let original = try sandbox.export(runID)
        let data = try JSONExporter.render(original)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "runbook-run")
        #expect(object["formatVersion"] as? Int == 1)
        let run = try #require(object["run"] as? [String: Any])
        for key in [
            "id", "runbookID", "path", "revisionHash", "operatorName", "host", "mode", "status", "startedAt",
            "toolVersion", "variables", "secretNames",
        ] {
            #expect(run[key] != nil, "run.\(key)")
        }
        let events = try #require(object["events"] as? [[String: Any]])
        for event in events {
            #expect(
                event["sequence"] is Int && event["time"] is String && event["kind"] is String
                    && event["payload"] is [String: Any])
        }
        // Import into other records, export again: the same bytes.
        let other = try FixtureSandbox()
        let decoded = try JSONExporter.decode(data)
        try other.store.importRun(decoded.run, revisions: decoded.revisions, events: decoded.events)
        let again = try JSONExporter.render(try other.export(runID))
        #expect(String(decoding: again, as: UTF8.self) == String(decoding: data, as: UTF8.self))
        #expect(try other.store.state(of: runID).status == .rolledBack)
        // Importing twice is refused.
        #expect(throws: RecordStoreError.self) {
            try other.store.importRun(decoded.run, revisions: decoded.revisions, events: decoded.events)
        }
    }

    @Test("a paused run exported on one machine is resumed on another")
    func handoff() throws {
        let first = try FixtureSandbox()
        let runID = try first.recordPausedRun()
        let report = first.report(try first.export(runID))
        #expect(report.status == .paused)
        #expect(report.leftToDo.map(\.id).contains("upload"))
        let markdown = MarkdownExporter().render(report)
        #expect(markdown.contains("## Left to do"))
        #expect(markdown.contains("runbook resume \(runID)"))

        let data = try JSONExporter.render(try first.export(runID))
        let second = try FixtureSandbox()
        let decoded = try JSONExporter.decode(data)
        try second.store.importRun(decoded.run, revisions: decoded.revisions, events: decoded.events)
        let book = second.runbook
        let variables = try VariableResolver(
            declared: book.variables, options: ["API_TOKEN": FixtureSandbox.secret], environment: [:]
        ).resolve()
        let driver = ScriptedDriver([.init(step: "upload", when: .proposal, .skip(reason: "uploaded by hand"))])
        let outcome = try Engine.resume(
            runID: runID, runbook: book, text: FixtureSandbox.runbookText, changes: [], store: second.store,
            variables: variables, driver: driver, options: second.options(operatorName: "bob", host: "pve2")
        ).run()
        #expect(outcome.status == .completed)
        let handedOff = second.report(try second.export(runID))
        #expect(handedOff.operators == ["alice", "bob"])
        #expect(handedOff.hosts == ["pve1", "pve2"])
        #expect(handedOff.leftToDo.isEmpty)
    }
}

@Suite("JSON export schema")
struct ExportSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    /// A Python that can import jsonschema, which scripts/validate-export.py needs.
    static let python = InstalledTools.pythonWithJSONSchema
    static let pythonMissing = Comment(
        rawValue: InstalledTools.missing(
            "a python3 that can import jsonschema", install: "apt-get install python3-jsonschema"))

    @Test(
        "the golden and a live export validate against docs/records-export.schema.json",
        .enabled(if: python != nil, pythonMissing))
    func validatesAgainstSchema() throws {
        let sandbox = try FixtureSandbox()
        let live = sandbox.directory + "/live.json"
        try JSONExporter.render(try sandbox.export(try sandbox.recordFixtureRun())).write(
            to: URL(fileURLWithPath: live))
        let result = try runProgram(
            try #require(Self.python),
            [ExportSchemaTests.root + "/scripts/validate-export.py", Golden.directory + "/fixture-run.json", live])
        #expect(result.status == 0, "\(result.stderr)")
    }
}

@Suite("HTML export in a browser")
struct HTMLRenderTests {
    static let chromium = InstalledTools.chromium
    static let chromiumMissing = Comment(
        rawValue: InstalledTools.missing(
            "chromium (or chromium-browser, google-chrome) on PATH", install: "apt-get install chromium"))

    @Test(
        "headless Chromium renders the HTML export to a non-blank page", .enabled(if: chromium != nil, chromiumMissing))
    func rendersInChromium() throws {
        let sandbox = try FixtureSandbox()
        let export = try sandbox.normalised(sandbox.export(try sandbox.recordFixtureRun()))
        let html = sandbox.directory + "/run.html"
        try HTMLExporter().render(sandbox.report(export)).write(toFile: html, atomically: true, encoding: .utf8)
        #expect(!(try String(contentsOfFile: html, encoding: .utf8)).contains("http"), "no external assets")
        let result = try runProgram(
            "/bin/sh",
            [ExportSchemaTests.root + "/scripts/render-html-export.sh", html, sandbox.directory + "/run.png"],
            environment: ["CHROMIUM": try #require(Self.chromium)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1000x1400 PNG"))
    }
}
