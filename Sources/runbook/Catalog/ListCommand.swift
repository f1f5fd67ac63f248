import ArgumentParser
import Foundation
import RunbookKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List runbooks, most critical first, with their last run.",
        discussion: """
            One line per runbook: priority, category, id, version, the last run from the \
            records with its outcome, and the title. Sorted by priority, so in an emergency the most \
            critical procedure is on top.

            The directory is DIR, else $RUNBOOK_DIR, else runbooks/ in the current directory. \
            Markdown files without front matter and without steps (an index README) are left out.

            Examples:
              runbook list
              runbook list --category recovery
              runbook list --tag zfs --json | jq '.[].id'
            """
    ).runbookSubcommand()

    @Argument(help: "The directory (or files) to list.")
    var paths: [String] = []

    @Option(
        help: ArgumentHelp(
            "Only runbooks of this category: preventive, operational or recovery.", valueName: "category"))
    var category: String?

    @Option(help: ArgumentHelp("Only runbooks with this tag (repeat for any of several).", valueName: "tag"))
    var tag: [String] = []

    @Flag(help: "Print JSON: an array of runbooks, each with its last run.")
    var json = false

    @OptionGroup var records: RecordsOptions

    func validate() throws {
        if let category, Category(rawValue: category.lowercased()) == nil {
            throw ValidationError("--category takes preventive, operational or recovery, not '\(category)'.")
        }
    }

    func run() throws {
        let catalog = Catalog(category: category.flatMap { Category(rawValue: $0.lowercased()) }, tags: tag)
        let runbooks = catalog.runbooks(in: try resolvedRoots()) { error in
            // A FIFO or a link to a device among the files is said, not silently left out.
            StandardError.write("runbook list: skipped \(error)")
        }
        let lastRuns = try latestRuns(of: runbooks)
        let output = BufferedOutput()
        if json {
            output.write(CatalogRenderer.json(runbooks, lastRuns: lastRuns))
        } else {
            let renderer = CatalogRenderer(
                style: TextStyle.forDescriptor(STDOUT_FILENO), width: TerminalSize.width(of: STDOUT_FILENO))
            output.write(renderer.table(runbooks, lastRuns: lastRuns))
        }
        output.flush()
    }

    private func resolvedRoots() throws -> [String] {
        if !paths.isEmpty { return paths }
        if let configured = ProcessInfo.processInfo.environment["RUNBOOK_DIR"], !configured.isEmpty {
            return [configured]
        }
        guard FileManager.default.fileExists(atPath: "runbooks") else {
            throw CommandError.noRunbooksDirectory
        }
        return ["runbooks"]
    }

    /// Reads the records without creating them: listing never writes anything.
    private func latestRuns(of runbooks: [Runbook]) throws -> [String: RunRecord] {
        guard records.recordsExist else { return [:] }
        do {
            return try RecordsAccess.openExisting(records).latestRuns(ofRunbooks: runbooks.map(\.id))
        } catch let error as RecordStoreError where error.reason == .noRecords {
            return [:]
        }
    }
}
