import ArgumentParser
import Foundation
import RunbookKit

struct AmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Propose a patch to the runbook from a run: edited commands, skipped steps, lessons.",
        discussion: """
            Prints a unified diff on stdout, its paths relative to the current directory (git \
            apply and patch -p1 take it): a command the operator edited replaces the written one \
            only when it ran last and succeeded (its expected output is updated or removed with \
            it, and the front matter's version is bumped), steps the operator skipped get a note \
            above them, the run's notes are proposed as comments, and its lessons are added \
            under "## Lessons learned". --apply writes it.

            If the file is not the revision the run followed, amend says so, and --apply refuses \
            unless --force is given too.

            Examples:
              runbook amend 01jb3k | less
              runbook amend 01jb3k --apply
            """
    ).runbookSubcommand()

    @Argument(help: ArgumentHelp("The run's id, or the start of it.", valueName: "run"))
    var runReference: String

    @Option(help: ArgumentHelp("The runbook file to patch (default: the path the run recorded).", valueName: "file"))
    var file: String?

    @Flag(help: "Write the change to the file instead of printing the diff.")
    var apply = false

    @Flag(help: "With --apply: write even when the file is not the revision the run followed.")
    var force = false

    @OptionGroup var recordsOptions: RecordsOptions

    func run() throws {
        try RunExit.ending {
            let store = try RecordsAccess.openExisting(recordsOptions)
            let run = try LoadedRun(reference: runReference, in: store)
            let export = run.export, report = run.report
            // An imported run's path was written on another machine (or by whoever edited the
            // export): --apply writes only to a file the operator names.
            if apply, file == nil, export.run.importedAt != nil || !export.run.path.hasPrefix("/") {
                throw CommandError.amendNeedsFile(runID: export.run.id)
            }
            let path = file ?? export.run.path
            let loaded = try LoadedRunbook(path: path)
            let followed = export.state.revisionHash
            let plan = AmendPlanner().plan(report, text: loaded.text, runbook: loaded.runbook, followedHash: followed)
            if !plan.matchesRevision {
                StandardError.write(
                    "runbook: \(path) is not the revision run \(export.run.id) followed (\(followed.prefix(12)), the file is \(loaded.runbook.contentHash.prefix(12))); the patch is against the file as it is now."
                )
            }
            for warning in plan.warnings { StandardError.write("runbook: " + warning) }
            guard !plan.isEmpty else {
                StandardError.write("runbook: nothing to amend from run \(export.run.id).")
                return .success
            }
            if apply {
                if !plan.matchesRevision && !force {
                    throw CommandError.amendTargetChanged(path: path)
                }
                do {
                    try plan.proposedText.write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    throw CommandError.cannotWrite(path: path, reason: error.localizedDescription)
                }
                for change in plan.changes { StandardError.write("amended: " + change) }
            } else {
                let name = AmendPlanner.patchPath(path, from: FileManager.default.currentDirectoryPath)
                let diff = LineDiff.unified(loaded.text, plan.proposedText, oldName: "a/" + name, newName: "b/" + name)
                try RecordsAccess.emit(Array(diff.utf8), to: nil)
            }
            return .success
        }
    }
}
