import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords
import RunbookTestSupport
import Testing

/// A transcript's per-command verdicts and output that is not UTF-8 reach the JSON export
/// exactly and fit its schema.
@Suite("Transcripts in the JSON export")
struct TranscriptExportTests {
    static let text = """
        ---
        title: Bytes
        ---

        # Bytes

        ## Print a Latin-1 byte
        ```console {id=latin}
        $ printf 'caf\\351\\n'
        caf\\xe9 (esc)
        $ grep -q absent /dev/null
        [1]
        ```

        """

    /// The JSON export of a run of `text`.
    func exportedRun(_ sandbox: FixtureSandbox) throws -> Data {
        let path = sandbox.directory + "/bytes.md"
        try TranscriptExportTests.text.write(toFile: path, atomically: true, encoding: .utf8)
        let book = RunbookParser().parse(text: TranscriptExportTests.text, path: path)
        let outcome = try Engine.start(
            runbook: book, text: TranscriptExportTests.text, store: sandbox.store,
            variables: try VariableResolver(declared: [], options: [:], environment: [:]).resolve(),
            driver: ScriptedDriver(), options: sandbox.options()
        ).run()
        #expect(outcome.status == .completed)
        return try JSONExporter.render(try sandbox.export(outcome.runID))
    }

    @Test("the export holds the exact bytes and each command's verdict")
    func exportsVerdictsAndBytes() throws {
        let data = try exportedRun(try FixtureSandbox())
        let decoded = try JSONExporter.decode(data)
        let payloads = decoded.events.map(\.payload)
        let output = payloads.compactMap { payload -> OutputPayload? in
            if case .output(let output) = payload { return output }
            return nil
        }.first
        #expect(output?.text == "caf\\xe9\n")
        #expect(output?.base64 == Data([0x63, 0x61, 0x66, 0xE9, 0x0A]).base64EncodedString())
        let finished = payloads.compactMap { payload -> StepFinishedPayload? in
            if case .stepFinished(let finished) = payload { return finished }
            return nil
        }.first
        #expect(
            finished?.commands == [
                CommandVerdict(line: 9, exitCode: 0, expectedExitCode: 0, matched: true),
                CommandVerdict(line: 11, exitCode: 1, expectedExitCode: 1, matched: true),
            ])
    }

    @Test(
        "the export with raw bytes validates against the schema",
        .enabled(if: ExportSchemaTests.python != nil, ExportSchemaTests.pythonMissing))
    func bytesExportValidates() throws {
        let sandbox = try FixtureSandbox()
        let file = sandbox.directory + "/bytes.json"
        try exportedRun(sandbox).write(to: URL(fileURLWithPath: file))
        let result = try runProgram(
            try #require(ExportSchemaTests.python), [ExportSchemaTests.root + "/scripts/validate-export.py", file])
        #expect(result.status == 0, "\(result.stderr)")
    }
}
