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

    public func render(_ report: RunReport) -> String {
        var out = ""
        out.reserveCapacity(4096 + report.eventCount * 200)
        header(report, into: &out)
        checklist(report, into: &out)
        stepDetails(report, into: &out)
        validation(report, into: &out)
        rollback(report, into: &out)
        deviations(report, into: &out)
        notesAndLessons(report, into: &out)
        leftToDo(report, into: &out)
        out += "\n---\n\n_Exported by runbook \(report.toolVersion) from run `\(report.runID)` (\(report.eventCount) events)._\n"
        return out
    }

    // MARK: Sections

    private func header(_ report: RunReport, into out: inout String) {
        out += "# Run report: \(inline(report.title))\n\n"
        out += "**Outcome: \(outcomeMark(report)) \(report.outcomeText)**"
        if let reason = report.finishReason ?? report.pauseReason { out += ": \(inline(reason))" }
        out += "\n\n| | |\n| --- | --- |\n"
        var runbook = "\(cell(report.title)) (`\(report.runbookID)`"
        if let version = report.version { runbook += ", version \(cell(version))" }
        runbook += ")"
        row(&out, "Runbook", runbook)
        row(&out, "File", code(report.path))
        var revision = code(String(report.revisionHash.prefix(12)))
        if let final = report.finalRevisionHash { revision += ", then " + code(String(final.prefix(12))) + " after a resume" }
        row(&out, "Revision", revision + " (SHA-256 of the file)")
        row(&out, "Run", code(report.runID))
        row(&out, "Operator", report.operators.map(cell).joined(separator: ", ") + " on " + report.hosts.map(code).joined(separator: ", "))
        row(&out, "Started", ExportTime.readable(report.startedAt))
        if let finished = report.finishedAt { row(&out, "Finished", ExportTime.readable(finished)) }
        row(&out, "Duration", DurationText.format(report.durationSeconds) + (report.resumeCount > 0 ? " (resumed \(report.resumeCount)×)" : ""))
        row(&out, "Mode", report.mode.rawValue)
        let variables = ReportText.variables(report)
        if !variables.isEmpty { row(&out, "Variables", variables.map(code).joined(separator: " ")) }
        out += "\n"
    }

    private func checklist(_ report: RunReport, into out: inout String) {
        out += "## Checklist\n\n| | Step | Phase | Status | Attempts | Duration |\n| --- | --- | --- | --- | ---: | ---: |\n"
        for step in report.steps {
            let duration = step.durationSeconds.map(DurationText.format) ?? ""
            var status = step.status.rawValue
            if step.edit != nil { status += ", edited" }
            if step.mismatch != nil { status += ", output differed" }
            out += "| \(step.status.mark) | [`\(step.id)`](#\(anchor(step))) \(cell(step.title)) | \(ReportText.phaseName(step.phase)) | \(status) | \(step.attempts) | \(duration) |\n"
        }
        out += "\n"
    }

    private func stepDetails(_ report: RunReport, into out: inout String) {
        let touched = report.steps.filter { $0.attempts > 0 || $0.skip != nil || !$0.notes.isEmpty }
        guard !touched.isEmpty else { return }
        out += "## Steps\n\n"
        for step in touched {
            out += "### \(step.status.mark) \(inline(step.title))\n\n"
            out += "<a id=\"\(anchor(step))\"></a>`\(step.id)` (\(ReportText.phaseName(step.phase))): \(inline(ReportText.describe(step)))\n\n"
            if let edit = step.edit {
                out += "Command, edited by the operator (`-` written, `+` executed):\n\n"
                fenced(&out, LineDiff.hunks(edit.original, edit.executed).isEmpty ? edit.executed : LineDiff.hunks(edit.original, edit.executed, context: 100), language: "diff")
            } else if let command = step.executedCommand ?? (step.kind == .manual ? nil : step.writtenCommand), step.kind != .manual {
                out += step.status == .skipped ? "Command (not run):\n\n" : "Command:\n\n"
                fenced(&out, command, language: "sh")
            } else if step.kind == .manual, let written = step.writtenCommand {
                out += "Manual step: \(inline(written))\n\n"
            }
            for output in step.outputs {
                let folded = ReportText.fold(output.text, limit: outputLines)
                out += "Output (\(ReportText.streamName(output.stream)), \(ReportText.bytes(output.totalBytes))):\n\n"
                fenced(&out, folded.text, language: "text")
                if folded.cutLines > 0 || output.droppedBytes > 0 {
                    var why: [String] = []
                    if folded.cutLines > 0 { why.append("\(folded.cutLines) lines cut from this export") }
                    if output.droppedBytes > 0 { why.append("\(ReportText.bytes(output.droppedBytes)) dropped when recorded") }
                    out += "> Output shortened: \(why.joined(separator: "; ")). `runbook log \(report.runID) --full` shows what the records hold.\n\n"
                }
            }
            if let mismatch = step.mismatch {
                out += "Output differed from the expected output:\n\n"
                fenced(&out, mismatch, language: "diff")
            }
            if !step.deviations.isEmpty {
                out += "Deviations:\n\n"
                for deviation in step.deviations { out += "- **\(deviation.kind.rawValue)**: \(inline(ReportText.detail(deviation)))\n" }
                out += "\n"
            }
            if !step.notes.isEmpty {
                out += "Notes:\n\n"
                for note in step.notes { out += "- \(inline(note))\n" }
                out += "\n"
            }
        }
    }

    private func validation(_ report: RunReport, into out: inout String) {
        let checks = report.steps(in: .validation)
        guard !checks.isEmpty else { return }
        out += "## Validation\n\n"
        for check in checks { out += "- \(check.status.mark) `\(check.id)` \(inline(check.title)): \(check.status.rawValue)\n" }
        out += "\n"
    }

    private func rollback(_ report: RunReport, into out: inout String) {
        guard let reason = report.rollbackReason else { return }
        out += "## Rollback\n\nStarted because: \(inline(reason)).\n\n"
        for step in report.steps(in: .rollback) { out += "- \(step.status.mark) `\(step.id)` \(inline(step.title)): \(step.status.rawValue)\n" }
        switch report.rollbackSucceeded {
        case true?: out += "\nThe rollback succeeded.\n\n"
        case false?: out += "\nThe rollback did **not** succeed: check the system by hand.\n\n"
        case nil: out += "\nThe rollback did not finish.\n\n"
        }
    }

    private func deviations(_ report: RunReport, into out: inout String) {
        out += "## Deviations\n\n"
        guard !report.deviations.isEmpty else { out += "None: the run followed the runbook as written.\n\n"; return }
        out += "| Step | Kind | Detail |\n| --- | --- | --- |\n"
        for deviation in report.deviations {
            out += "| \(deviation.stepID.map { "`\($0)`" } ?? "(run)") | \(deviation.deviation.kind.rawValue) | \(cell(ReportText.detail(deviation.deviation))) |\n"
        }
        out += "\n"
    }

    private func notesAndLessons(_ report: RunReport, into out: inout String) {
        if !report.notes.isEmpty {
            out += "## Notes\n\n"
            for note in report.notes { out += "- \(inline(note))\n" }
            out += "\n"
        }
        out += "## Lessons learned\n\n"
        if report.lessons.isEmpty { out += "None recorded.\n\n"; return }
        for lesson in report.lessons { out += "- \(inline(lesson))\n" }
        out += "\n"
    }

    private func leftToDo(_ report: RunReport, into out: inout String) {
        guard !report.leftToDo.isEmpty else { return }
        out += "## Left to do\n\nThe run is \(report.status.rawValue)"
        if report.status.isUnfinished { out += "; continue it with `\(ReportText.resumeHint(report))`" }
        out += ".\n\n"
        for step in report.leftToDo { out += "- [ ] `\(step.id)` \(inline(step.title)) (\(step.status.rawValue))\n" }
        out += "\n"
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

    private func row(_ out: inout String, _ name: String, _ value: String) {
        out += "| \(name) | \(value) |\n"
    }

    /// Text in a table cell: one line, pipes escaped.
    private func cell(_ text: String) -> String { MarkdownText.escape(MarkdownText.oneLine(text), pipes: true) }

    /// Text in running prose: one line, Markdown punctuation escaped.
    private func inline(_ text: String) -> String { MarkdownText.escape(MarkdownText.oneLine(text)) }

    private func code(_ text: String) -> String {
        let span = MarkdownText.codeSpan(MarkdownText.oneLine(text))
        return span.utf8.contains(0x7C) ? span.replacingOccurrences(of: "|", with: "\\|") : span
    }

    private func anchor(_ step: RunReport.StepReport) -> String { "step-" + step.id.lowercased() }

    private func fenced(_ out: inout String, _ text: String, language: String) {
        let fence = MarkdownText.fence(for: text)
        out += fence + language + "\n" + text
        if !text.hasSuffix("\n") { out += "\n" }
        out += fence + "\n\n"
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
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "#"), UInt8(ascii: "~"), UInt8(ascii: "&"), UInt8(ascii: "!"): return true
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

    /// A fence longer than any run of backticks at a line start in `text`.
    static func fence(for text: String) -> String {
        var longest = 0, ticks = 0
        var atLineStart = true, inLeadingTicks = false
        for byte in text.utf8 {
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
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
