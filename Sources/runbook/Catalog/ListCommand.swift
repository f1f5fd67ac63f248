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
            """)

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
        let roots = try resolvedRoots()
        let found = MarkdownFileFinder.files(in: roots)
        var runbooks: [Runbook] = []
        OrderedParallelMap.run(found) { file -> Result<Runbook, RunbookReadError> in
            do throws(RunbookReadError) { return .success(try RunbookParser().parse(contentsOf: file.path)) } catch {
                return .failure(error)
            }
        } consume: { parsed in
            switch parsed {
            case .success(let runbook):
                if runbook.looksLikeRunbook, !runbook.hasErrors { runbooks.append(runbook) }
            case .failure(let error):
                // A FIFO or a link to a device among the files is said, not silently left out.
                StandardError.write("runbook list: skipped \(error)")
            }
        }
        let wantedCategory = category.flatMap { Category(rawValue: $0.lowercased()) }
        runbooks =
            runbooks
            .filter { wantedCategory == nil || $0.category == wantedCategory }
            .filter { tag.isEmpty || !Set($0.tags).isDisjoint(with: tag) }
            .sorted {
                ($0.priority, $0.category?.rawValue ?? "~", $0.id) < ($1.priority, $1.category?.rawValue ?? "~", $1.id)
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
            throw CommandFailure(
                message:
                    "There is no runbooks/ directory here; name a directory (runbook list DIR) or set RUNBOOK_DIR.",
                exitCode: ExitCode(2))
        }
        return ["runbooks"]
    }

    /// Reads the records without creating them: listing never writes anything.
    private func latestRuns(of runbooks: [Runbook]) throws -> [String: RunRecord] {
        guard records.recordsExist else { return [:] }
        do {
            return try records.open().latestRuns(ofRunbooks: runbooks.map(\.id))
        } catch let error as RecordStoreError {
            throw CommandFailure(message: error.description, exitCode: .failure)
        }
    }
}
