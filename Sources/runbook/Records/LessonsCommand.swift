import ArgumentParser
import Foundation
import RunbookKit

struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "Lessons learned and notes across runs, grouped by runbook and step, newest first.",
        discussion: """
            What operators wrote down while following a runbook (notes at a step) and after it \
            (lessons). Give a runbook file or id to see only its runs'.

            Examples:
              runbook lessons runbooks/homelab/zfs-replication.md
              runbook lessons zfs-replication --json
            """
    ).runbookSubcommand()

    @OptionGroup var filter: RunbookFilterOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let runbookID = try filter.runbookID()
            let groups = try LessonsQuery.run(store, runbookID: runbookID)
            if json {
                try RecordsAccess.emit(LessonsQuery.json(groups), to: nil)
            } else if groups.isEmpty {
                StandardError.write("runbook: no lessons or notes recorded\(runbookID.map { " for \($0)" } ?? "").")
            } else {
                let prefixes = RunID.uniquePrefixLengths(
                    sortedIDs: try store.allRunIDs())
                try RecordsAccess.emit(
                    Array(
                        LessonsQuery.text(groups, prefixLengths: prefixes, width: TerminalSize.width(of: STDOUT_FILENO))
                            .utf8), to: nil)
            }
            return .success
        }
    }
}
