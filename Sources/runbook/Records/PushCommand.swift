import ArgumentParser
import Foundation
import RunbookKit

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Copy runs recorded here into other records, such as the team's PostgreSQL store.",
        discussion: """
            Each run's hash chain is verified here before it is copied, and the copy keeps its \
            id, events, times and chain. Pushing twice adds nothing: a run already there with \
            the same chain head is skipped. A different run with the same id is refused, and the \
            command exits 1.

            Examples:
              runbook push --to postgresql://ops@db.internal/runbook
              runbook push 01jb3k 01jb4m --to postgresql://ops@db.internal/runbook
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("Runs to push (ids or their starts); none means every run.", valueName: "run"))
    var runs: [String] = []

    @Option(
        name: .customLong("to"),
        help: ArgumentHelp("The records to copy into: a postgresql:// URL or a SQLite file.", valueName: "url|path"))
    var target: String

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            guard recordsOptions.recordsExist else { throw CommandError.noRecords(path: recordsOptions.resolvedPath) }
            let source = try recordsOptions.open()
            RecordsOptions.warnAboutPassword(target)
            let destination = try RecordStore(path: target)
            RecordsOptions.warnAboutTightened(destination)
            let push = RunPush(from: source, to: destination)
            var refused = 0
            for record in try push.runs(runs) {
                switch try push.push(record) {
                case .copied(let events):
                    StandardError.write(
                        "runbook: pushed run \(record.id) (\(record.status.rawValue), \(events) events)")
                case .alreadyThere:
                    StandardError.write("runbook: run \(record.id) is already there")
                case .refused(let reason):
                    refused += 1
                    StandardError.write("runbook: run \(record.id) refused: \(reason)")
                }
            }
            if refused > 0 { throw CommandError.pushRefused(count: refused) }
            return .success
        }
    }
}
