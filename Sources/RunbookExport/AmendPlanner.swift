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
            // Only a command that ran and succeeded, and ran last, is proposed: an edit that
            // failed (or was followed by the written text) taught nothing to write down.
            if let last = step.lastAttempt, last.succeeded, step.isEdited {
                guard let current, let block = current.block, current.kind == .shell else {
                    warnings.append(
                        "\(step.id): the edited command is not in a shell block of the file; change it by hand.")
                    continue
                }
                if last.command.contains("[secret:") {
                    warnings.append("\(step.id): the command that ran holds a redacted secret; change it by hand.")
                    continue
                }
                guard let written = step.writtenCommand, LineDiff.lines(block.code) == LineDiff.lines(written) else {
                    warnings.append("\(step.id): the file's command is no longer the one the run edited; left alone.")
                    continue
                }
                edits.append((block.firstCodeLine - 1, LineDiff.lines(block.code).count, LineDiff.lines(last.command)))
                changes.append("\(step.id): the command the operator ran (and that succeeded) replaces the written one")
                // The expected output's location is its first line, below its opening fence.
                if let expected = current.expectedOutput,
                    let fence = AmendPlanner.fencedBlock(at: expected.location.line - 2, in: lines)
                {
                    // The expected output was the written command's: the new command's own
                    // output replaces it when the records hold it whole, else it goes.
                    let stdout = last.outputs.first { $0.stream == .stdout }
                    if let stdout, stdout.droppedBytes == 0, !stdout.text.contains("[secret:"), !stdout.text.isEmpty {
                        edits.append((fence.lowerBound + 1, fence.count - 2, LineDiff.lines(stdout.text)))
                        changes.append("\(step.id): its expected output is now what the new command printed")
                    } else {
                        var removed = fence
                        if removed.lowerBound > 0,
                            lines[removed.lowerBound - 1].trimmingCharacters(in: .whitespaces).isEmpty
                        {
                            removed = (removed.lowerBound - 1)..<removed.upperBound
                        }
                        edits.append((removed.lowerBound, removed.count, []))
                        changes.append(
                            "\(step.id): its expected output block is removed (it was the written command's)")
                    }
                }
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
            // Notes belong to the run that wrote them: proposed as comments above the step,
            // for the author to keep or drop.
            if !step.notes.isEmpty, let current, let block = current.block {
                let indent = String(lines[block.location.line - 1].prefix(while: { $0 == " " }))
                edits.append(
                    (
                        block.location.line - 1, 0,
                        step.notes.map { indent + AmendPlanner.comment("note from run \(shortID) (\(date)): \($0)") }
                    ))
                changes.append(
                    "\(step.id): \(step.notes.count == 1 ? "its note" : "its \(step.notes.count) notes") as a comment above the step"
                )
            }
        }
        // A lesson keeps its lines: the later ones continue the list item.
        let lessons =
            report.lessons.map { AmendPlanner.listItem($0) + " (run \(shortID), \(date))" }
            + extraLessons.map { "- " + $0 }
            + report.notes.map { AmendPlanner.comment("note from run \(shortID) (\(date)): \($0)") }
        if !lessons.isEmpty {
            let entries = lessons.flatMap { LineDiff.lines($0) }
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
            if !report.lessons.isEmpty { changes.append("lessons learned: \(report.lessons.count) added") }
            if !report.notes.isEmpty {
                changes.append("run notes: \(report.notes.count) as comments under the lessons")
            }
        }

        // A changed runbook is a new version of it.
        if !changes.isEmpty, let bump = AmendPlanner.versionBump(lines) {
            edits.append((bump.line, 1, [bump.text]))
            changes.append("version: \(bump.from) → \(bump.to)")
        }
        // Bottom-up; at one line, the later-listed edit first, so inserts above a step come out
        // in the order they were listed.
        for edit in edits.enumerated().sorted(by: { ($0.element.line, $0.offset) > ($1.element.line, $1.offset) }).map(
            \.element)
        {
            lines.replaceSubrange(edit.line..<(edit.line + edit.remove), with: edit.insert)
        }
        var proposed = lines.joined(separator: "\n")
        if endsWithNewline || !edits.isEmpty { proposed += "\n" }
        if changes.isEmpty { proposed = text }
        return Plan(
            proposedText: proposed, changes: changes, warnings: warnings,
            matchesRevision: runbook.contentHash == followedHash)
    }

    /// The lines of the fenced block whose opening fence is line `start` (0-based), closing
    /// fence included; nil when it is not a fence or never closes.
    static func fencedBlock(at start: Int, in lines: [String]) -> Range<Int>? {
        guard start >= 0, start < lines.count else { return nil }
        let opening = lines[start].trimmingCharacters(in: .whitespaces)
        guard let mark = opening.first, mark == "`" || mark == "~" else { return nil }
        let fence = opening.prefix(while: { $0 == mark })
        guard fence.count >= 3 else { return nil }
        for index in (start + 1)..<lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix(fence), line.allSatisfy({ $0 == mark }) { return start..<(index + 1) }
        }
        return nil
    }

    /// The front matter's `version:` line with its value bumped (`3` → `4`, `1.2` → `1.3`),
    /// quoting kept; nil when there is none or it does not end in a number.
    static func versionBump(_ lines: [String]) -> (line: Int, text: String, from: String, to: String)? {
        guard lines.first == "---" else { return nil }
        for index in 1..<lines.count {
            let line = lines[index]
            if line == "---" || line == "..." { return nil }
            guard line.hasPrefix("version:") else { continue }
            var value = line.dropFirst("version:".count).trimmingCharacters(in: .whitespaces)
            var quote = ""
            if let first = value.first, first == "\"" || first == "'", value.count >= 2, value.last == first {
                quote = String(first)
                value = String(value.dropFirst().dropLast())
            }
            let digits = value.reversed().prefix(while: \.isNumber)
            guard !digits.isEmpty, let number = Int(String(digits.reversed())) else { return nil }
            let bumped = value.dropLast(digits.count) + String(number + 1)
            return (index, "version: \(quote)\(bumped)\(quote)", value, String(bumped))
        }
        return nil
    }

    /// An HTML comment holding `text` on one line (a `--` inside would end it early).
    static func comment(_ text: String) -> String {
        "<!-- " + MarkdownText.oneLine(text).replacingOccurrences(of: "--", with: "- -") + " -->"
    }

    /// `text` as a Markdown list item, every line kept.
    static func listItem(_ text: String) -> String {
        let lines = text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        return "- " + lines.joined(separator: "\n  ")
    }

    /// `path` as a patch names it: relative to `directory` (the current directory), so that
    /// `git apply` and `patch -p1` run there find the file behind `a/` and `b/`.
    public static func patchPath(_ path: String, from directory: String) -> String {
        func components(_ path: String) -> [String] {
            var result: [String] = []
            for part in path.split(separator: "/") where part != "." {
                if part == "..", let last = result.last, last != ".." {
                    result.removeLast()
                } else {
                    result.append(String(part))
                }
            }
            return result
        }
        guard path.hasPrefix("/") else { return components(path).joined(separator: "/") }
        let target = components(path), base = components(directory)
        var shared = 0
        while shared < min(target.count, base.count), target[shared] == base[shared] { shared += 1 }
        return (Array(repeating: "..", count: base.count - shared) + target[shared...]).joined(separator: "/")
    }

    static func isLessonsHeading(_ line: String) -> Bool {
        let lower = line.lowercased()
        return lower.hasPrefix("## ") && lower.dropFirst(3).trimmingCharacters(in: .whitespaces).hasPrefix("lessons")
    }
}
