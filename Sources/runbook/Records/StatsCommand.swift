import ArgumentParser
import Foundation
import RunbookKit

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per-step success rate, durations and deviations: where the procedure hurts.",
        discussion: """
            For each step across the runs: how many runs reached it, attempts, the share of \
            attempts that succeeded, skips, median and 90th-percentile duration, deviations; \
            then the most frequent deviations.

            Examples:
              runbook stats runbooks/homelab/zfs-replication.md
              runbook stats zfs-replication --json
            """
    ).runbookSubcommand()

    @OptionGroup var filter: RunbookFilterOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let runbookID = try filter.runbookID()
            let stats = try RunStats.run(store, runbookID: runbookID)
            try RecordsAccess.emit(
                json ? stats.json() : Array(stats.text(width: TerminalSize.width(of: STDOUT_FILENO)).utf8), to: nil)
            return .success
        }
    }
}
