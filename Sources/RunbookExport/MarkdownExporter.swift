import RunbookDocument
import RunbookRecords

/// The handoff document as GitHub-flavoured Markdown: a header, a checklist table, each step's
/// command (a diff when edited), output, deviations and notes, validation, rollback, lessons and
/// what is left to do. Everything in it comes from the records, which are redacted when written.
public struct MarkdownExporter: Sendable {
    /// Output lines shown per stream before the middle is cut.
    public var outputLines: Int

    public init(outputLines: Int = 40) {
        self.outputLines = outputLines
    }

    public func render(_ report: RunReport) -> String { String(decoding: renderUTF8(report), as: UTF8.self) }

    /// `render(report)` as UTF-8, what the command writes.
    ///
    /// Written as bytes into one array: the checklist row and the details of each step were a
    /// dozen string interpolations and appends each, which for a 1,666-step run cost more than
    /// reading the records.
    public func renderUTF8(_ report: RunReport) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096 + report.eventCount * 200)
        header(report, into: &out)
        summary(report, into: &out)
        checklist(report, into: &out)
        stepDetails(report, into: &out)
        validation(report, into: &out)
        rollback(report, into: &out)
        leftToDo(report, into: &out)
        out.write(
            "\n---\n\n_Exported by runbook \(report.toolVersion) from run `\(report.runID)` (\(report.eventCount) events)._\n"
        )
        return out
    }

    // MARK: Sections

    private func header(_ report: RunReport, into out: inout [UInt8]) {
        out.write("# Run report: \(inline(report.title))\n\n")
        out.write("**Outcome: \(outcomeMark(report)) \(report.outcomeText)**")
        if let reason = report.finishReason ?? report.pauseReason { out.write(": \(inline(reason))") }
        out.write("\n\n| | |\n| --- | --- |\n")
        var runbook = "\(cell(report.title)) (`\(report.runbookID)`"
        if let version = report.version { runbook += ", version \(cell(version))" }
        runbook += ")"
        row(&out, "Runbook", runbook)
        row(&out, "File", code(report.path))
        var revision = code(String(report.revisionHash.prefix(12)))
        if let final = report.finalRevisionHash {
            revision += ", then " + code(String(final.prefix(12))) + " after a resume"
        }
        row(
            &out, "Revision",
            revision + " (SHA-256 of the file)" + (report.isRevisionUnverified ? RunReport.unverifiedRevisionNote : ""))
        row(&out, "Run", code(report.runID))
        if !report.headHash.isEmpty {
            row(&out, "Chain head", code(report.headHash) + " (`runbook verify` prints the same)")
        }
        row(
            &out, "Operator",
            report.operators.map(cell).joined(separator: ", ") + " on " + report.hosts.map(code).joined(separator: ", ")
        )
        row(&out, "Started", ExportTime.readable(report.startedAt))
        if let finished = report.finishedAt { row(&out, "Finished", ExportTime.readable(finished)) }
        row(
            &out, "Duration",
            DurationText.format(report.durationSeconds)
                + (report.resumeCount > 0 ? " (resumed \(report.resumeCount)×)" : ""))
        row(&out, "Mode", report.mode.rawValue)
        let variables = ReportText.variables(report)
        if !variables.isEmpty { row(&out, "Variables", variables.map(code).joined(separator: " ")) }
        if !report.contacts.isEmpty {
            row(&out, "Contacts", report.contacts.map { cell($0.summary) }.joined(separator: "<br>"))
        }
        out.write("\n")
    }

    private func checklist(_ report: RunReport, into out: inout [UInt8]) {
        out.write(
            "## Checklist\n\n| | Step | Phase | Status | Attempts | Duration |\n| --- | --- | --- | --- | ---: | ---: |\n"
        )
        for step in report.steps {
            // | ✅ | [`id`](#step-id) Title | step | succeeded, edited | 1 | 250ms |
            out.write("| ")
            out.write(step.status.mark)
            out.write(" | [`")
            out.write(step.id)
            out.write("`](#")
            writeAnchor(step, to: &out)
            out.write(") ")
            MarkdownText.writeEscaped(step.title, pipes: true, to: &out)
            out.write(" | ")
            out.write(ReportText.phaseName(step.phase))
            out.write(" | ")
            out.write(step.status.rawValue)
            if step.isEdited { out.write(", edited") }
            if step.mismatch != nil { out.write(", output differed") }
            out.write(" | ")
            out.writeDecimal(step.attemptCount)
            out.write(" | ")
            if let duration = step.durationSeconds { DurationText.append(duration, to: &out) }
            out.write(" |\n")
        }
        out.write("\n")
    }

    private func stepDetails(_ report: RunReport, into out: inout [UInt8]) {
        // The steps the run touched, gone through in place (a filtered copy of every step's
        // report cost its strings' retains and fresh memory).
        let touched: (RunReport.StepReport) -> Bool = \.wasTouched
        guard report.steps.contains(where: touched) else { return }
        out.write("## Steps\n\n")
        var lines: [Range<Int>] = []
        var folded: [UInt8] = []
        for step in report.steps where touched(step) {
            out.write("### ")
            out.write(step.status.mark)
            out.write(" ")
            MarkdownText.writeEscaped(step.title, to: &out)
            out.write("\n\n<a id=\"")
            writeAnchor(step, to: &out)
            out.write("\"></a>`")
            out.write(step.id)
            out.write("` (")
            out.write(ReportText.phaseName(step.phase))
            out.write("): ")
            MarkdownText.writeEscaped(ReportText.describe(step), to: &out)
            out.write("\n\n")
            if step.kind == .manual, let written = step.writtenCommand {
                out.write("Manual step: ")
                MarkdownText.writeEscaped(written, to: &out)
                out.write("\n\n")
            } else if step.attempts.isEmpty, let written = step.writtenCommand {
                out.write("Command (not run):\n\n")
                fenced(&out, written, language: "sh")
            }
            let hostRows = ReportText.hostRows(step.attempts)
            if !hostRows.isEmpty {
                out.write("| host | attempts | latest |\n| --- | --- | --- |\n")
                for row in hostRows { out.write("| " + row.map(cell).joined(separator: " | ") + " |\n") }
                out.write("\n")
            }
            for attempt in step.attempts {
                // One attempt of a step run as written reads as before: its command and output.
                // More than one, an edit or a confirmation get a line each saying which is which.
                let labelled = step.attemptCount > 1 || attempt.confirmation != nil || !attempt.succeeded
                if labelled {
                    out.write("**Attempt ")
                    out.writeDecimal(attempt.number)
                    out.write("**")
                    MarkdownText.writeEscaped(ReportText.attemptDetail(attempt, report), to: &out)
                    out.write(".\n\n")
                }
                if step.kind != .manual, !attempt.command.isEmpty {
                    if step.isEdited(attempt), let written = step.written(for: attempt) {
                        out.write("Command, edited by the operator (`-` written in the runbook, `+` executed):\n\n")
                        let diff = LineDiff.hunks(written, attempt.command, context: 100)
                        fenced(&out, diff.isEmpty ? attempt.command : diff, language: "diff")
                    } else {
                        out.write(step.attemptCount > 1 ? "Command (as written):\n\n" : "Command:\n\n")
                        fenced(&out, attempt.command, language: "sh")
                    }
                }
                for output in attempt.outputs {
                    writeOutput(
                        output, attempt: labelled ? attempt.number : nil, report: report, lines: &lines,
                        folded: &folded, into: &out)
                }
                if let mismatch = attempt.finish?.match.flatMap({ $0.matched ? nil : $0.diff }) {
                    out.write(
                        labelled
                            ? "Output of attempt \(attempt.number) differed from the expected output:\n\n"
                            : "Output differed from the expected output:\n\n")
                    fenced(&out, mismatch, language: "diff")
                }
            }
            if !step.deviations.isEmpty {
                out.write("Deviations:\n\n")
                for deviation in step.deviations {
                    out.write("- **\(deviation.kind.rawValue)**: \(inline(ReportText.detail(deviation)))\n")
                }
                out.write("\n")
            }
            if !step.notes.isEmpty {
                out.write("Notes:\n\n")
                for note in step.notes { out.write("- \(multiline(note))\n") }
                out.write("\n")
            }
        }
    }

    private func writeOutput(
        _ output: OutputPayload, attempt: Int?, report: RunReport, lines: inout [Range<Int>], folded: inout [UInt8],
        into out: inout [UInt8]
    ) {
        // The output folded to `outputLines` lines, as `ReportText.fold` joins them.
        var cut = 0
        var text = output.text
        text.withUTF8 { text in
            ReportText.lineRanges(text, into: &lines)
            let kept = ReportText.fold(&lines, limit: outputLines)
            cut = kept.cut
            folded.removeAll(keepingCapacity: true)
            for (index, line) in kept.head.enumerated() {
                if index > 0 { folded.write(UInt8(ascii: "\n")) }
                folded.append(contentsOf: UnsafeBufferPointer(rebasing: text[line]))
            }
            if kept.cut > 0 {
                folded.write("\n" + ReportText.cutMarker(kept.cut))
                for line in kept.tail {
                    folded.write(UInt8(ascii: "\n"))
                    folded.append(contentsOf: UnsafeBufferPointer(rebasing: text[line]))
                }
            }
        }
        if let attempt {
            out.write("Output of attempt ")
            out.writeDecimal(attempt)
            out.write(" (")
        } else {
            out.write("Output (")
        }
        out.write(ReportText.streamName(output.stream))
        out.write(", ")
        ReportText.appendBytes(output.totalBytes, to: &out)
        out.write("):\n\n")
        folded.withUnsafeBufferPointer { fenced(&out, $0, language: "text") }
        if cut > 0 || output.droppedBytes > 0 {
            var why: [String] = []
            if cut > 0 { why.append("\(cut) lines cut from this export") }
            if output.droppedBytes > 0 { why.append("\(ReportText.bytes(output.droppedBytes)) dropped when recorded") }
            out.write(
                "> Output shortened: \(why.joined(separator: "; ")). `runbook log \(report.runID) --full` shows what the records hold.\n\n"
            )
        }
    }

    private func validation(_ report: RunReport, into out: inout [UInt8]) {
        let checks = report.steps(in: .validation)
        guard !checks.isEmpty else { return }
        out.write("## Validation\n\n")
        for check in checks {
            out.write("- \(check.status.mark) `\(check.id)` \(inline(check.title)): \(check.status.rawValue)\n")
        }
        out.write("\n")
    }

    private func rollback(_ report: RunReport, into out: inout [UInt8]) {
        guard let reason = report.rollbackReason else { return }
        out.write("## Rollback\n\nStarted because: \(inline(reason)).\n\n")
        for step in report.steps(in: .rollback) {
            out.write("- \(step.status.mark) `\(step.id)` \(inline(step.title)): \(step.status.rawValue)\n")
        }
        switch report.rollbackSucceeded {
        case true?: out.write("\nThe rollback succeeded.\n\n")
        case false?: out.write("\nThe rollback did **not** succeed: check the system by hand.\n\n")
        case nil: out.write("\nThe rollback did not finish.\n\n")
        }
    }

    /// What a reader needs first: the counts, then every departure from the runbook, every
    /// stop and who took the run up again, the notes and the lessons as written.
    private func summary(_ report: RunReport, into out: inout [UInt8]) {
        out.write("## Summary\n\n")
        let counts = report.counts
        var line = "\(counts.done) of \(counts.steps) step\(counts.steps == 1 ? "" : "s") done"
        if counts.skipped > 0 { line += ", \(counts.skipped) skipped" }
        if counts.edited > 0 { line += ", \(counts.edited) edited" }
        if counts.failed > 0 { line += ", \(counts.failed) failed" }
        if counts.interrupted > 0 { line += ", \(counts.interrupted) interrupted" }
        out.write("- Steps: \(line)\n")
        if counts.checks > 0 { out.write("- Validation: \(ReportText.validationLine(counts))\n") }
        out.write("\n### Deviations\n\n")
        if report.deviations.isEmpty {
            out.write("None: the run followed the runbook as written.\n\n")
        } else {
            out.write("| Step | Kind | Detail |\n| --- | --- | --- |\n")
            for deviation in report.deviations {
                out.write(
                    "| \(deviation.stepID.map { "`\($0)`" } ?? "(run)") | \(deviation.deviation.kind.rawValue) | \(cell(ReportText.detail(deviation.deviation))) |\n"
                )
            }
            out.write("\n")
        }
        let skipped = report.skippedSteps
        if !skipped.isEmpty {
            out.write("### Skipped\n\n")
            for step in skipped {
                guard let skip = step.skip else { continue }
                out.write(
                    "- `\(step.id)` \(inline(step.title)) (\(ReportText.skipWhy(skip.why))): \(inline(skip.reason))\n")
            }
            out.write("\n")
        }
        let edited = report.editedSteps
        if !edited.isEmpty {
            out.write("### Edits\n\n")
            for step in edited {
                let edits = ReportText.edits(step)
                out.write(
                    "- `\(step.id)` \(inline(step.title)): an edited command ran in \(inline(edits.attempts)); \(edits.last)\n"
                )
            }
            out.write("\n")
        }
        if !report.stops.isEmpty {
            out.write("### Pauses\n\n")
            for stop in report.stops { out.write("- \(inline(ReportText.stop(stop)))\n") }
            out.write("\n")
        }
        if !report.allNotes.isEmpty {
            out.write("### Notes\n\n")
            for note in report.allNotes {
                out.write("- " + (note.stepID.map { "`\($0)`: " } ?? "") + multiline(note.text) + "\n")
            }
            out.write("\n")
        }
        if !report.notifications.isEmpty {
            out.write("### Notifications\n\n")
            for notified in report.notifications { out.write("- \(inline(ReportText.notification(notified)))\n") }
            out.write("\n")
        }
        out.write("### Lessons learned\n\n")
        if report.lessons.isEmpty { out.write("None recorded.\n\n"); return }
        for lesson in report.lessons { out.write("- \(multiline(lesson))\n") }
        out.write("\n")
    }

    private func leftToDo(_ report: RunReport, into out: inout [UInt8]) {
        guard !report.leftToDo.isEmpty else { return }
        out.write("## Left to do\n\nThe run is \(report.status.rawValue)")
        if report.status.isUnfinished { out.write("; continue it with `\(ReportText.resumeHint(report))`") }
        out.write(".\n\n")
        for step in report.leftToDo {
            out.write("- [ ] `\(step.id)` \(inline(step.title)) (\(step.status.rawValue))\n")
        }
        out.write("\n")
    }

    // MARK: Helpers

    private func outcomeMark(_ report: RunReport) -> String {
        switch report.status {
        case .completed: "✅"
        case .failed, .aborted: "❌"
        case .rolledBack: "↩️"
        case .running, .paused, .interrupted: "⏸️"
        }
    }

    private func row(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.write("| \(name) | \(value) |\n")
    }

    /// Text in a table cell: one line, pipes escaped.
    private func cell(_ text: String) -> String { MarkdownText.escape(MarkdownText.oneLine(text), pipes: true) }

    /// Text as the operator wrote it, every line kept: later lines continue the list item
    /// after a hard line break.
    private func multiline(_ text: String) -> String {
        let lines = text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        return lines.map { MarkdownText.escape(String($0)) }.joined(separator: "\\\n  ")
    }

    /// Text in running prose: one line, Markdown punctuation escaped.
    private func inline(_ text: String) -> String { MarkdownText.escape(MarkdownText.oneLine(text)) }

    private func code(_ text: String) -> String {
        let span = MarkdownText.codeSpan(MarkdownText.oneLine(text))
        return span.utf8.contains(0x7C) ? span.replacingOccurrences(of: "|", with: "\\|") : span
    }

    /// `step-` and the step's id in lower case.
    private func writeAnchor(_ step: RunReport.StepReport, to out: inout [UInt8]) {
        out.write("step-")
        ReportText.writeLowercased(step.id, to: &out)
    }

    private func fenced(_ out: inout [UInt8], _ text: String, language: StaticString) {
        var text = text
        text.withUTF8 { fenced(&out, $0, language: language) }
    }

    private func fenced(_ out: inout [UInt8], _ text: UnsafeBufferPointer<UInt8>, language: StaticString) {
        let fence = MarkdownText.fenceLength(for: text)
        out.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: fence))
        out.write(language)
        out.write(UInt8(ascii: "\n"))
        out.append(contentsOf: text)
        if !ReportText.endsWithLineFeed(text) { out.write(UInt8(ascii: "\n")) }
        out.append(contentsOf: repeatElement(UInt8(ascii: "`"), count: fence))
        out.write("\n\n")
    }
}

/// Escaping for the Markdown export.
enum MarkdownText {
    /// Joins lines with a space.
    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" }) else { return text }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// Backslash-escapes the characters that would start Markdown or HTML syntax inline.
    /// With `pipes`, `|` is escaped too (table cells).
    static func escape(_ text: String, pipes: Bool = false) -> String {
        let special: (UInt8) -> Bool = { byte in
            if pipes && byte == UInt8(ascii: "|") { return true }
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                UInt8(ascii: "]"),
                UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "~"), UInt8(ascii: "&"),
                UInt8(ascii: "!"):
                return true
            default: return false
            }
        }
        guard text.utf8.contains(where: special) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            if special(byte) { bytes.append(UInt8(ascii: "\\")) }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A code span that survives backticks in `text`.
    static func codeSpan(_ text: String) -> String {
        var longest = 0, current = 0
        for character in text {
            if character == "`" { current += 1; longest = max(longest, current) } else { current = 0 }
        }
        let ticks = String(repeating: "`", count: longest + 1)
        let padded = text.hasPrefix("`") || text.hasSuffix("`") ? " \(text) " : text
        return ticks + padded + ticks
    }

    /// `escape(oneLine(text), pipes:)` written at the end of `out`.
    static func writeEscaped(_ text: String, pipes: Bool = false, to out: inout [UInt8]) {
        var text = text
        let done = text.withUTF8 { utf8 -> Bool in
            // A line break makes `oneLine` join lines, by characters: left to it.
            if utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) { return false }
            var start = 0
            for index in 0..<utf8.count where isSpecial(utf8[index], pipes: pipes) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                out.append(UInt8(ascii: "\\"))
                start = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            return true
        }
        if !done { out.write(escape(oneLine(text), pipes: pipes)) }
    }

    private static func isSpecial(_ byte: UInt8, pipes: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "|"): return pipes
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
            UInt8(ascii: "]"),
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "~"), UInt8(ascii: "&"),
            UInt8(ascii: "!"):
            return true
        default: return false
        }
    }

    /// A fence longer than any run of backticks at a line start in `text`.
    static func fence(for text: String) -> String {
        var text = text
        return String(repeating: "`", count: text.withUTF8(fenceLength(for:)))
    }

    /// The length of `fence(for:)`.
    static func fenceLength(for text: UnsafeBufferPointer<UInt8>) -> Int {
        var longest = 0, ticks = 0
        var atLineStart = true, inLeadingTicks = false
        for byte in text {
            if byte == 0x0A {
                atLineStart = true; inLeadingTicks = false; ticks = 0
            } else if atLineStart && byte == 0x20 {
                continue
            } else if (atLineStart || inLeadingTicks) && byte == UInt8(ascii: "`") {
                atLineStart = false; inLeadingTicks = true
                ticks += 1
                longest = max(longest, ticks)
            } else {
                atLineStart = false; inLeadingTicks = false
            }
        }
        return max(3, longest + 1)
    }
}
