import ArgumentParser
import Foundation
import RunbookKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run as a handoff document: Markdown, JSON or self-contained HTML.",
        discussion: """
            Markdown renders on GitHub: the run's header, then a summary (outcome, counts, \
            deviations, skips with reasons, edits, pauses with reasons and who resumed, notes, \
            lessons as written), a checklist table, each step with every attempt in order (who \
            ran it, how it was confirmed, its command as a diff against the runbook when edited, \
            its output, how it ended), validation, rollback and what is left to do. HTML is the \
            same in one file with no external assets. JSON holds the same summary and steps and \
            the full record (docs/records-export.schema.json), which `runbook import` reads back \
            on another machine. Secrets are redacted in every format.

            Examples:
              runbook export 01jb3k --format md -o handoff.md
              runbook export 01jb3k --format json -o run.json
            """
    ).runbookSubcommand()

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, json, html
    }

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String

    @Option(help: "md, json or html.")
    var format: Format = .md

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
    var output: String?

    @Option(
        name: .customLong("output-lines"), help: "Output lines shown per stream before the middle is cut (md, html).")
    var outputLines = 40

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let record = try store.run(matching: runReference)
            let bytes: [UInt8]
            switch format {
            case .json:
                // Payloads go out as stored, written while the log is read and folded: one pass,
                // no re-encoding of every event. The summary and steps are the report's, read
                // from the fold as md and html read it.
                var lines: [UInt8] = []
                let loaded = try LoadedRun(record, in: store) { JSONExporter.appendEvent($0, to: &lines) }
                bytes = JSONExporter.document(
                    run: record, revisions: loaded.export.revisions, report: loaded.report, eventLines: lines)
            case .md, .html:
                let report = try LoadedRun(record, in: store).report
                bytes =
                    format == .md
                    ? MarkdownExporter(outputLines: outputLines).renderUTF8(report)
                    : HTMLExporter(outputLines: outputLines).renderUTF8(report)
            }
            try RecordsAccess.emit(bytes, to: output)
            return .success
        }
    }
}
