import ArgumentParser
import Foundation
import RunbookKit

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List past runs, newest first.",
        discussion: """
            One line per run: id (the shortest prefix that names it; any unique prefix works \
            wherever a run is asked for), runbook title and version, operator, host, start time \
            (UTC), duration, status and number of deviations. Give a runbook file or id to list \
            only its runs.

            Examples:
              runbook history
              runbook history runbooks/homelab/zfs-replication.md --limit 10
              runbook history --json | jq '.[] | select(.status == "failed")'
              runbook history backup.md --revision 3f2a9c
            """
    ).runbookSubcommand()

    @OptionGroup var filter: RunbookFilterOptions

    @Option(help: "Show at most N runs (0 for all).")
    var limit = 100

    @Flag(help: "Print JSON (an array of runs) instead of a table.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Only runs of the revision whose hash starts with this (`runbook revisions` lists them).", valueName: "hash"
        ))
    var revision: String?

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let query = HistoryQuery(
                runbookID: try filter.runbookID(), limit: limit > 0 ? limit : nil, revisionPrefix: revision)
            let result = try query.run(store)
            if json {
                try RecordsAccess.emit(HistoryQuery.json(result), to: nil)
            } else if result.runs.isEmpty {
                let revisionText = revision.map { " of revision \($0)" } ?? ""
                StandardError.write(
                    "runbook: no runs recorded\(query.runbookID.map { " for \($0)" } ?? "")\(revisionText) in \(store.path)."
                )
            } else {
                try RecordsAccess.emit(
                    HistoryQuery.tableBytes(result, width: TerminalSize.width(of: STDOUT_FILENO)), to: nil)
                if limit > 0, result.runs.count == limit {
                    StandardError.write("runbook: showing the \(limit) most recent runs; --limit 0 shows all.")
                }
            }
            return .success
        }
    }
}
