import ArgumentParser
import Foundation
import RunbookKit

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add a run exported as JSON on another machine to these records.",
        discussion: """
            The run keeps its id, events and times. An unfinished run can then be continued \
            here with `runbook resume RUN`: a handoff between operators. If its runbook file is \
            not at the recorded path on this machine, resume follows the stored revision.

            Examples:
              runbook import run.json
              runbook import run.json && runbook resume 01jb3k --auto
            """
    ).runbookSubcommand()

    @Argument(
        help: ArgumentHelp(
            "A JSON export (`runbook export RUN --format json`), or - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let data: Data
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else {
                    throw CommandError.unreadableExport(path: file)
                }
                data = contents
            }
            let export: RunExport
            do {
                export = try JSONExporter.decode(data)
            } catch {
                throw CommandError.invalidExport(path: file, reason: "\(error)")
            }
            let store = try recordsOptions.open()
            try store.importRun(export.run, revisions: export.revisions, events: export.events, chain: export.chain)
            let status = export.state.status
            var message =
                "runbook: imported run \(export.run.id) of \(export.state.started?.title ?? export.run.runbookID) (\(status.rawValue), \(export.events.count) events)"
            if status != .completed && status != .rolledBack {
                message += "; continue it with: runbook resume \(export.run.id)"
            }
            StandardError.write(message)
            return .success
        }
    }
}
