import ArgumentParser
import RunbookKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a runbook's checklist before you start.")

    @Argument(help: "Runbook files to show.")
    var files: [String]

    func run() throws {
        for file in files {
            let runbook = try RunbookParser().parse(contentsOf: file)
            print(runbook.title)
        }
    }
}
