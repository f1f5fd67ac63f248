import ArgumentParser
import Foundation
import RunbookKit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show one run's timeline: every event with its time.",
        discussion: """
            Each line is a recorded event: wall-clock time (UTC), time since the run started, \
            the event kind and its step. Commands, edits and outputs follow, indented; outputs \
            are folded to a few lines unless --full. --json prints the events as the JSON export \
            holds them.

            Examples:
              runbook log 01jb3k
              runbook log 01jb3k --full | less
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String

    @Flag(help: "Show outputs whole (as recorded) instead of folded.")
    var full = false

    @Flag(help: "Print the events as JSON.")
    var json = false

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let record = try store.run(matching: runReference)
            if json {
                try RecordsAccess.emit(
                    try JSONExporter.renderEvents(of: record.id, from: store), to: nil)
            } else {
                let events = try store.events(of: record.id)
                var text = Timeline(full: full).renderUTF8(events)
                // The log ends where the runner died; the run's status (read with its lease)
                // says what became of it.
                if record.status == .interrupted, let last = events.last?.kind, last != .interrupted, last != .paused {
                    let lease = (try? store.lease(on: record.id)) ?? nil
                    let runner =
                        lease.map {
                            "its runner (\($0.holder.operatorName), pid \($0.holder.pid) on \($0.holder.host)) is gone"
                        }
                        ?? "no process runs it any more"
                    text += Array("-- interrupted: \(runner); `runbook resume \(record.id)` continues.\n".utf8)
                }
                try RecordsAccess.emit(text, to: nil)
            }
            return .success
        }
    }
}
