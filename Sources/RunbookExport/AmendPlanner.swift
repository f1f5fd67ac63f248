import Foundation
import RunbookDocument
import RunbookRecords

/// `runbook amend`: turns what a run learned into a proposed change to its runbook. Edited
/// commands replace the written ones, steps the operator skipped get a note above them, and
/// lessons are added under a `## Lessons learned` section, so the document improves from use.
public struct AmendPlanner: Sendable {
    public struct Plan: Hashable, Sendable {
        /// The file's text with the changes made.
        public var proposedText: String
        /// What changed, one line each.
        public var changes: [String]
        /// What could not be carried over, and why.
        public var warnings: [String]
        /// False when the file is not the revision the run followed: the patch is then against
        /// text the run never saw.
        public var matchesRevision: Bool

        public var isEmpty: Bool { changes.isEmpty }
    }

    public init() {}

    /// - Parameters:
    ///   - report: the run, read with `RunReport`.
    ///   - text: the runbook file as it is now; `runbook` is its parse.
    ///   - followedHash: the revision the run followed last.
    public func plan(_ report: RunReport, text: String, runbook: Runbook, followedHash: String) -> Plan {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let endsWithNewline = lines.last == ""
        if endsWithNewline { lines.removeLast() }
        var changes: [String] = [], warnings: [String] = []
        let shortID = String(report.runID.prefix(10))
        let date = String(ExportTime.iso(report.startedAt).prefix(10))
        // Line edits, applied bottom-up so earlier line numbers stay valid.
        var edits: [(line: Int, remove: Int, insert: [String])] = []
        var extraLessons: [String] = []

        for step in report.steps {
            let current = runbook.allSteps.first { $0.id == step.id }
            if let edit = step.edit, step.status == .succeeded {
                guard let current, let block = current.block, current.kind == .shell else {
                    warnings.append("\(step.id): the edited command is not in a shell block of the file; change it by hand.")
                    continue
                }
                if edit.executed.contains("[secret:") {
                    warnings.append("\(step.id): the command that ran holds a redacted secret; change it by hand.")
                    continue
                }
                guard LineDiff.lines(block.code) == LineDiff.lines(edit.original) else {
                    warnings.append("\(step.id): the file's command is no longer the one the run edited; left alone.")
                    continue
                }
                edits.append((block.firstCodeLine - 1, LineDiff.lines(block.code).count, LineDiff.lines(edit.executed)))
                changes.append("\(step.id): the command the operator ran replaces the written one")
            }
            if let skip = step.skip, skip.why == .operatorChoice {
                let sentence = "Skipped in run \(shortID) (\(date)): \(MarkdownText.oneLine(skip.reason))"
                if let current, let block = current.block {
                    let indent = String(lines[block.location.line - 1].prefix(while: { $0 == " " }))
                    edits.append((block.location.line - 1, 0, ["\(indent)> \(sentence)", ""]))
                    changes.append("\(step.id): a note that it was skipped, above the step")
                } else {
                    extraLessons.append("`\(step.id)` — \(sentence)")
                    changes.append("\(step.id): a lesson that it was skipped")
                }
            }
        }

        let lessons = report.lessons.map { "\(MarkdownText.oneLine($0)) (run \(shortID), \(date))" } + extraLessons
        if !lessons.isEmpty {
            let entries = lessons.map { "- " + $0 }
            if let heading = lines.firstIndex(where: { AmendPlanner.isLessonsHeading($0) }) {
                var end = heading + 1
                while end < lines.count, !(lines[end].hasPrefix("# ") || lines[end].hasPrefix("## ")) { end += 1 }
                var last = end
                while last > heading + 1, lines[last - 1].trimmingCharacters(in: .whitespaces).isEmpty { last -= 1 }
                edits.append((last, 0, (last == heading + 1 ? [""] : []) + entries))
            } else {
                var tail = ["", "## Lessons learned", ""] + entries
                if lines.last?.isEmpty == true { tail.removeFirst() }
                edits.append((lines.count, 0, tail))
            }
            changes.append("lessons learned: \(report.lessons.count) added")
        }

        for edit in edits.sorted(by: { $0.line > $1.line }) {
            lines.replaceSubrange(edit.line..<(edit.line + edit.remove), with: edit.insert)
        }
        var proposed = lines.joined(separator: "\n")
        if endsWithNewline || !edits.isEmpty { proposed += "\n" }
        if changes.isEmpty { proposed = text }
        return Plan(proposedText: proposed, changes: changes, warnings: warnings, matchesRevision: runbook.contentHash == followedHash)
    }

    static func isLessonsHeading(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.hasPrefix("## ") && lower.dropFirst(3).trimmingCharacters(in: .whitespaces).hasPrefix("lessons")
    }
}
