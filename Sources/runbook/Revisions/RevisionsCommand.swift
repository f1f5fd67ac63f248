import ArgumentParser
import Foundation
import RunbookKit

/// `runbook revisions`: what changed in a runbook, and how each version fared.
struct RevisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revisions",
        abstract: "List every stored revision of a runbook with its runs, or show the change between two.",
        discussion: """
            Every run stores the exact text it followed. For each stored revision: its hash \
            (any unique prefix names it), version, first and last run, how many runs and how \
            they ended, and the `changelog:` entry for its version. `--diff A B` shows what \
            changed from revision A to revision B. `runbook history FILE --revision HASH` \
            lists the runs of one revision.

            Examples:
              runbook revisions runbooks/homelab/zfs-replication.md
              runbook revisions zfs-replication
              runbook revisions --diff 3f2a9c 81be04
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("A runbook file or runbook id.", valueName: "file|id"))
    var runbook: String?

    @Option(
        name: .customLong("diff"), parsing: .upToNextOption,
        help: ArgumentHelp("Show the change from revision A to revision B (hash prefixes).", valueName: "A B"))
    var diff: [String] = []

    @OptionGroup var recordsOptions: RecordsOptions

    func validate() throws {
        if !diff.isEmpty && diff.count != 2 { throw ValidationError("--diff takes two revisions: --diff A B.") }
        if diff.isEmpty && runbook == nil { throw ValidationError("Name a runbook file or id, or give --diff A B.") }
    }

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            if diff.count == 2 {
                let text = try RevisionHistory.diff(store, from: diff[0], to: diff[1])
                try RecordsAccess.emit(Array(text.utf8), to: nil)
                return .success
            }
            let file = try currentFile()
            let id = try file?.id ?? RecordsAccess.runbookID(runbook) ?? ""
            let history = try RevisionHistory.load(store, runbookID: id, currentFile: file)
            try RecordsAccess.emit(Array(RevisionsCommand.render(history).utf8), to: nil)
            return .success
        }
    }

    /// The runbook named, when it names a file.
    private func currentFile() throws -> Runbook? {
        guard let runbook else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runbook, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        return try LoadedRunbook(path: runbook).runbook
    }

    /// `text` wrapped to 80 columns, each line indented.
    private static func wrapped(_ text: String, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return WordWrap.lines(text, width: 80 - indent - 2).map { pad + $0 + "\n" }.joined()
    }

    /// A block per revision, oldest first, fitting 80 columns.
    static func render(_ history: RevisionHistory) -> String {
        let count = history.revisions.count
        var text = "Revisions of \(history.runbookID): \(count) stored, oldest first\n"
        var previousPath = history.revisions.first?.revision.path ?? ""
        if !previousPath.isEmpty { text += "File: \(previousPath)\n" }
        for summary in history.revisions {
            let revision = summary.revision
            var head = "\n\(revision.hash.prefix(12))"
            head += revision.version.map { "  version \($0)" } ?? "  no version"
            head += "  \(summary.runCount) run\(summary.runCount == 1 ? "" : "s")"
            if !summary.outcomes.isEmpty {
                head += ": " + summary.outcomes.map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
            }
            if summary.isCurrentFile { head += "  (the file as it is now)" }
            text += head + "\n"
            if let first = summary.firstRun, let last = summary.lastRun {
                text += "    first run \(ExportTime.readable(first)), last run \(ExportTime.readable(last))\n"
            }
            text += "    stored \(ExportTime.readable(revision.storedAt))\n"
            // The path only where it changed: a moved file is worth a line, a repeated path is not.
            if revision.path != previousPath { text += "    file \(revision.path)\n" }
            previousPath = revision.path
            if let entry = summary.changelogEntry {
                text += wrapped("changelog\(entry.date.map { " \($0)" } ?? ""): \(entry.why)", indent: 4)
            }
        }
        if !history.changelog.isEmpty {
            text += "\nChangelog\n"
            for entry in history.changelog {
                let when = [entry.date, entry.version.map { "version \($0)" }].compactMap { $0 }.joined(separator: ", ")
                text += wrapped("\(when.isEmpty ? "" : when + ": ")\(entry.why)", indent: 2)
            }
        }
        return text
    }
}
