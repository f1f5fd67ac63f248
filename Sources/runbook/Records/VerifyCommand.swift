import ArgumentParser
import Foundation
import RunbookKit

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the records are as they were written: every run's hash chain and revision.",
        discussion: """
            Recomputes each event's hash from the stored row and the hash before it, compares it \
            with the stored one and the run's head, and checks each stored runbook text against \
            its hash. Prints one line per run and names the first broken link (run, event, what \
            differs). Exit 0 when everything holds, 1 otherwise. docs/records.md describes the \
            chain so it can be checked with sqlite3 and sha256sum alone.

            Examples:
              runbook verify
              runbook verify 01jb3k
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("Runs to check (ids or their start); all runs when none is given.", valueName: "run"))
    var runReferences: [String] = []

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            var ids: [String]?
            if !runReferences.isEmpty {
                ids = try runReferences.map { reference in
                    try store.run(matching: reference).id
                }
            }
            let result = try store.verify(runIDs: ids)
            var text = ""
            for run in result.runs {
                if let problem = run.problem {
                    text += "BROKEN  run \(run.runID): \(TerminalText.visible(problem))\n"
                } else {
                    text += "ok      run \(run.runID): \(run.eventCount) events, head \(run.head)\n"
                }
            }
            for revision in result.revisions {
                if let problem = revision.problem {
                    text +=
                        "BROKEN  revision \(revision.hash.prefix(16))… of \(TerminalText.visible(revision.runbookID)): \(problem)\n"
                } else if revision.isRedacted {
                    text +=
                        "skipped revision \(revision.hash.prefix(16))… of \(TerminalText.visible(revision.runbookID)): redacted, cannot be checked\n"
                }
            }
            let broken =
                result.runs.filter { $0.problem != nil }.count + result.revisions.filter { $0.problem != nil }.count
            text +=
                result.holds
                ? "All \(result.runs.count) runs and \(result.revisions.count) revisions hold.\n"
                : "\(broken) broken: these records were changed after runbook wrote them.\n"
            try RecordsAccess.emit(Array(text.utf8), to: nil)
            return result.holds ? .success : RunExit.failed
        }
    }
}
