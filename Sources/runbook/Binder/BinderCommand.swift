import ArgumentParser
import Foundation
import RunbookKit

/// `runbook binder`: the offline binder, for the USB stick and the paper copy.
struct BinderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binder",
        abstract: "Bind every runbook into one printable, self-contained HTML (or Markdown) file.",
        discussion: """
            Most critical first, each runbook with its contacts, values, prerequisites, quick \
            reference (every command, every confirmation), validation and rollback. The HTML \
            has its CSS inline and no external asset, a table of contents, and a page break \
            before each runbook: open it from a USB stick, or print it.

            Examples:
              runbook binder runbooks/ -o binder.html
              runbook binder --format md runbooks/ -o BINDER.md
            """
    ).runbookSubcommand()

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md
    }

    @Argument(help: "Directories or runbooks to bind (default: runbooks/).")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: "html (printable, self-contained) or md.")
    var format: Format = .html

    func run() throws {
        try RunExit.ending {
            let roots = paths.isEmpty ? ["runbooks"] : paths
            for root in roots where !FileManager.default.fileExists(atPath: root) {
                throw CommandError.noSuchPath(root)
            }
            let outcome = BinderBuilder.build(paths: roots)
            for reason in outcome.leftOut { StandardError.write("runbook binder: " + reason) }
            guard !outcome.binder.runbooks.isEmpty else {
                throw CommandError.nothingToBind(roots: roots)
            }
            let text = format == .html ? BinderHTML.render(outcome.binder) : BinderMarkdown.render(outcome.binder)
            try RecordsAccess.emit(Array(text.utf8), to: output)
            return .success
        }
    }
}
