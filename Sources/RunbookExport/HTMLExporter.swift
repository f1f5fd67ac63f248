import RunbookDocument
import RunbookRecords

/// The handoff document as one self-contained HTML file: inline styles, no scripts, no external
/// assets, readable on screen and printable. Same content as the Markdown export.
public struct HTMLExporter: Sendable {
    public var outputLines: Int

    public init(outputLines: Int = 40) {
        self.outputLines = outputLines
    }

    public func render(_ report: RunReport) -> String { String(decoding: renderUTF8(report), as: UTF8.self) }

    /// `render(report)` as UTF-8, what the command writes: written as bytes into one array, as
    /// the Markdown export is (see `MarkdownExporter.renderUTF8`).
    public func renderUTF8(_ report: RunReport) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192 + report.eventCount * 250)
        out.write(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Run report: \(h(report.title))</title>
            <style>\(HTMLExporter.style)</style>
            </head>
            <body>
            <main>

            """)
        header(report, into: &out)
        summary(report, into: &out)
        checklist(report, into: &out)
        steps(report, into: &out)
        lists(report, into: &out)
        out.write(
            "<footer>Exported by runbook \(h(report.toolVersion)) from run <code>\(h(report.runID))</code> (\(report.eventCount) events).</footer>\n"
        )
        out.write("</main>\n</body>\n</html>\n")
        return out
    }

    private func header(_ report: RunReport, into out: inout [UInt8]) {
        out.write("<h1>Run report: \(h(report.title))</h1>\n")
        out.write(
            "<p class=\"outcome \(statusClass(report.status))\"><strong>Outcome: \(h(report.outcomeText))</strong>")
        if let reason = report.finishReason ?? report.pauseReason { out.write(": \(h(reason))") }
        out.write("</p>\n<table class=\"facts\">\n")
        var runbook = "\(h(report.title)) (<code>\(h(report.runbookID))</code>"
        if let version = report.version { runbook += ", version \(h(version))" }
        row(&out, "Runbook", runbook + ")")
        row(&out, "File", "<code>\(h(report.path))</code>")
        var revision = "<code>\(h(String(report.revisionHash.prefix(12))))</code>"
        if let final = report.finalRevisionHash {
            revision += ", then <code>\(h(String(final.prefix(12))))</code> after a resume"
        }
        row(
            &out, "Revision",
            revision + " (SHA-256 of the file)" + (report.isRevisionUnverified ? RunReport.unverifiedRevisionNote : ""))
        row(&out, "Run", "<code>\(h(report.runID))</code>")
        if !report.headHash.isEmpty {
            row(&out, "Chain head", "<code>\(h(report.headHash))</code> (<code>runbook verify</code> prints the same)")
        }
        row(
            &out, "Operator",
            report.operators.map(h).joined(separator: ", ") + " on "
                + report.hosts.map { "<code>\(h($0))</code>" }.joined(separator: ", "))
        row(&out, "Started", h(ExportTime.readable(report.startedAt)))
        if let finished = report.finishedAt { row(&out, "Finished", h(ExportTime.readable(finished))) }
        row(
            &out, "Duration",
            h(DurationText.format(report.durationSeconds))
                + (report.resumeCount > 0 ? " (resumed \(report.resumeCount)×)" : ""))
        row(&out, "Mode", h(report.mode.rawValue))
        let variables = ReportText.variables(report)
        if !variables.isEmpty {
            row(&out, "Variables", variables.map { "<code>\(h($0))</code>" }.joined(separator: " "))
        }
        if !report.contacts.isEmpty {
            row(&out, "Contacts", report.contacts.map { h($0.summary) }.joined(separator: "<br>"))
        }
        out.write("</table>\n")
    }

    private func checklist(_ report: RunReport, into out: inout [UInt8]) {
        out.write(
            "<h2>Checklist</h2>\n<table class=\"checklist\">\n<thead><tr><th></th><th>Step</th><th>Phase</th><th>Status</th><th class=\"num\">Attempts</th><th class=\"num\">Duration</th></tr></thead>\n<tbody>\n"
        )
        for step in report.steps {
            out.write("<tr class=\"")
            out.write(stepClass(step.status))
            out.write("\"><td>")
            writeMark(step.status, to: &out)
            out.write("</td><td><a href=\"#step-")
            HTMLExporter.writeEscaped(step.id.lowercased(), to: &out)
            out.write("\"><code>")
            HTMLExporter.writeEscaped(step.id, to: &out)
            out.write("</code></a> ")
            HTMLExporter.writeEscaped(step.title, to: &out)
            out.write("</td><td>")
            out.write(ReportText.phaseName(step.phase))
            out.write("</td><td>")
            // Status names hold nothing to escape.
            out.write(step.status.rawValue)
            if step.isEdited { out.write(", edited") }
            if step.mismatch != nil { out.write(", output differed") }
            out.write("</td><td class=\"num\">")
            out.writeDecimal(step.attemptCount)
            out.write("</td><td class=\"num\">")
            if let duration = step.durationSeconds { DurationText.append(duration, to: &out) }
            out.write("</td></tr>\n")
        }
        out.write("</tbody>\n</table>\n")
    }

    private func steps(_ report: RunReport, into out: inout [UInt8]) {
        // The steps the run touched, gone through in place (a filtered copy of every step's
        // report cost its strings' retains and fresh memory).
        let touched: (RunReport.StepReport) -> Bool = \.wasTouched
        guard report.steps.contains(where: touched) else { return }
        out.write("<h2>Steps</h2>\n")
        var lines: [Range<Int>] = []
        for step in report.steps where touched(step) {
            out.write("<section class=\"step ")
            out.write(stepClass(step.status))
            out.write("\" id=\"step-")
            HTMLExporter.writeEscaped(step.id.lowercased(), to: &out)
            out.write("\">\n<h3>")
            writeMark(step.status, to: &out)
            out.write(" ")
            HTMLExporter.writeEscaped(step.title, to: &out)
            out.write("</h3>\n<p><code>")
            HTMLExporter.writeEscaped(step.id, to: &out)
            out.write("</code> (")
            out.write(ReportText.phaseName(step.phase))
            out.write("): ")
            HTMLExporter.writeEscaped(ReportText.describe(step), to: &out)
            out.write("</p>\n")
            if step.kind == .manual, let written = step.writtenCommand {
                out.write("<p>Manual step: \(h(written))</p>\n")
            } else if step.attempts.isEmpty, let written = step.writtenCommand {
                out.write("<p>Command (not run):</p>\n<pre class=\"command\"><code>")
                HTMLExporter.writeEscaped(written, to: &out)
                out.write("</code></pre>\n")
            }
            let hostRows = ReportText.hostRows(step.attempts)
            if !hostRows.isEmpty {
                out.write("<table class=\"hosts\"><tr><th>host</th><th>attempts</th><th>latest</th></tr>\n")
                for row in hostRows { out.write("<tr>" + row.map { "<td>\(h($0))</td>" }.joined() + "</tr>\n") }
                out.write("</table>\n")
            }
            for attempt in step.attempts {
                // As in the Markdown export: a lone attempt run as written reads as before.
                let labelled = step.attemptCount > 1 || attempt.confirmation != nil || !attempt.succeeded
                if labelled {
                    out.write(
                        "<p class=\"attempt\"><strong>Attempt \(attempt.number)</strong>\(h(ReportText.attemptDetail(attempt, report))).</p>\n"
                    )
                }
                if step.kind != .manual, !attempt.command.isEmpty {
                    if step.isEdited(attempt), let written = step.written(for: attempt) {
                        out.write(
                            "<p>Command, edited by the operator (<code>-</code> written in the runbook, <code>+</code> executed):</p>\n"
                        )
                        let diff = LineDiff.hunks(written, attempt.command, context: 100)
                        diffBlock(&out, diff.isEmpty ? attempt.command : diff)
                    } else {
                        out.write(
                            step.attemptCount > 1
                                ? "<p>Command (as written):</p>\n<pre class=\"command\"><code>"
                                : "<p>Command:</p>\n<pre class=\"command\"><code>")
                        HTMLExporter.writeEscaped(attempt.command, to: &out)
                        out.write("</code></pre>\n")
                    }
                }
                for output in attempt.outputs {
                    writeOutput(
                        output, attempt: labelled ? attempt.number : nil, report: report, lines: &lines, into: &out)
                }
                if let mismatch = attempt.finish?.match.flatMap({ $0.matched ? nil : $0.diff }) {
                    out.write(
                        labelled
                            ? "<p>Output of attempt \(attempt.number) differed from the expected output:</p>\n"
                            : "<p>Output differed from the expected output:</p>\n")
                    diffBlock(&out, mismatch)
                }
            }
            if !step.deviations.isEmpty {
                out.write("<p>Deviations:</p>\n<ul>\n")
                for deviation in step.deviations {
                    out.write(
                        "<li><strong>\(h(deviation.kind.rawValue))</strong>: \(h(ReportText.detail(deviation)))</li>\n")
                }
                out.write("</ul>\n")
            }
            if !step.notes.isEmpty {
                out.write("<p>Notes:</p>\n<ul class=\"notes\">\n")
                for note in step.notes { out.write("<li>\(multiline(note))</li>\n") }
                out.write("</ul>\n")
            }
            out.write("</section>\n")
        }
    }

    private func writeOutput(
        _ output: OutputPayload, attempt: Int?, report: RunReport, lines: inout [Range<Int>], into out: inout [UInt8]
    ) {
        out.write(attempt.map { "<p>Output of attempt \($0) (" } ?? "<p>Output (")
        out.write(ReportText.streamName(output.stream))
        out.write(", ")
        ReportText.appendBytes(output.totalBytes, to: &out)
        out.write("):</p>\n<pre class=\"output\"><code>")
        // The output folded as `ReportText.fold` joins it, escaped line by line.
        var cut = 0
        var text = output.text
        text.withUTF8 { text in
            ReportText.lineRanges(text, into: &lines)
            let kept = ReportText.fold(&lines, limit: outputLines)
            cut = kept.cut
            for (index, line) in kept.head.enumerated() {
                if index > 0 { out.write(UInt8(ascii: "\n")) }
                HTMLExporter.writeEscaped(UnsafeBufferPointer(rebasing: text[line]), to: &out)
            }
            if kept.cut > 0 {
                out.write("\n" + ReportText.cutMarker(kept.cut))
                for line in kept.tail {
                    out.write(UInt8(ascii: "\n"))
                    HTMLExporter.writeEscaped(UnsafeBufferPointer(rebasing: text[line]), to: &out)
                }
            }
        }
        out.write("</code></pre>\n")
        if cut > 0 || output.droppedBytes > 0 {
            var why: [String] = []
            if cut > 0 { why.append("\(cut) lines cut from this export") }
            if output.droppedBytes > 0 { why.append("\(ReportText.bytes(output.droppedBytes)) dropped when recorded") }
            out.write(
                "<p class=\"cut\">Output shortened: \(h(why.joined(separator: "; "))). <code>runbook log \(h(report.runID)) --full</code> shows what the records hold.</p>\n"
            )
        }
    }

    /// Text as the operator wrote it, escaped, its line breaks kept.
    private func multiline(_ text: String) -> String {
        h(text).split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .joined(separator: "<br>\n")
    }

    /// The counts, every departure from the runbook, every stop and who took the run up again,
    /// the notes and the lessons as written: what a reader needs first.
    private func summary(_ report: RunReport, into out: inout [UInt8]) {
        out.write("<h2>Summary</h2>\n<ul class=\"summary\">\n")
        let counts = report.counts
        var line = "\(counts.done) of \(counts.steps) step\(counts.steps == 1 ? "" : "s") done"
        if counts.skipped > 0 { line += ", \(counts.skipped) skipped" }
        if counts.edited > 0 { line += ", \(counts.edited) edited" }
        if counts.failed > 0 { line += ", \(counts.failed) failed" }
        if counts.interrupted > 0 { line += ", \(counts.interrupted) interrupted" }
        out.write("<li>Steps: \(h(line))</li>\n")
        if counts.checks > 0 { out.write("<li>Validation: \(h(ReportText.validationLine(counts)))</li>\n") }
        out.write("</ul>\n<h3>Deviations</h3>\n")
        if report.deviations.isEmpty {
            out.write("<p>None: the run followed the runbook as written.</p>\n")
        } else {
            out.write(
                "<table class=\"deviations\">\n<thead><tr><th>Step</th><th>Kind</th><th>Detail</th></tr></thead>\n<tbody>\n"
            )
            for deviation in report.deviations {
                out.write(
                    "<tr><td>\(deviation.stepID.map { "<code>\(h($0))</code>" } ?? "(run)")</td><td>\(h(deviation.deviation.kind.rawValue))</td><td>\(h(ReportText.detail(deviation.deviation)))</td></tr>\n"
                )
            }
            out.write("</tbody>\n</table>\n")
        }
        let skipped = report.skippedSteps
        if !skipped.isEmpty {
            out.write("<h3>Skipped</h3>\n<ul>\n")
            for step in skipped {
                guard let skip = step.skip else { continue }
                out.write(
                    "<li><code>\(h(step.id))</code> \(h(step.title)) (\(h(ReportText.skipWhy(skip.why)))): \(h(skip.reason))</li>\n"
                )
            }
            out.write("</ul>\n")
        }
        let edited = report.editedSteps
        if !edited.isEmpty {
            out.write("<h3>Edits</h3>\n<ul>\n")
            for step in edited {
                let edits = ReportText.edits(step)
                out.write(
                    "<li><code>\(h(step.id))</code> \(h(step.title)): an edited command ran in \(h(edits.attempts)); \(edits.last)</li>\n"
                )
            }
            out.write("</ul>\n")
        }
        if !report.stops.isEmpty {
            out.write("<h3>Pauses</h3>\n<ul class=\"pauses\">\n")
            for stop in report.stops { out.write("<li>\(h(ReportText.stop(stop)))</li>\n") }
            out.write("</ul>\n")
        }
        if !report.allNotes.isEmpty {
            out.write("<h3>Notes</h3>\n<ul class=\"notes\">\n")
            for note in report.allNotes {
                out.write(
                    "<li>" + (note.stepID.map { "<code>\(h($0))</code>: " } ?? "") + multiline(note.text) + "</li>\n")
            }
            out.write("</ul>\n")
        }
        if !report.notifications.isEmpty {
            out.write("<h3>Notifications</h3>\n<ul class=\"notifications\">\n")
            for notified in report.notifications { out.write("<li>\(h(ReportText.notification(notified)))</li>\n") }
            out.write("</ul>\n")
        }
        out.write("<h3>Lessons learned</h3>\n")
        if report.lessons.isEmpty {
            out.write("<p>None recorded.</p>\n")
        } else {
            out.write("<ul class=\"lessons\">\n")
            for lesson in report.lessons { out.write("<li>\(multiline(lesson))</li>\n") }
            out.write("</ul>\n")
        }
    }

    private func lists(_ report: RunReport, into out: inout [UInt8]) {
        let checks = report.steps(in: .validation)
        if !checks.isEmpty {
            out.write("<h2>Validation</h2>\n<ul>\n")
            for check in checks {
                out.write(
                    "<li>\(mark(check.status)) <code>\(h(check.id))</code> \(h(check.title)): \(h(check.status.rawValue))</li>\n"
                )
            }
            out.write("</ul>\n")
        }
        if let reason = report.rollbackReason {
            out.write("<h2>Rollback</h2>\n<p>Started because: \(h(reason)).</p>\n<ul>\n")
            for step in report.steps(in: .rollback) {
                out.write(
                    "<li>\(mark(step.status)) <code>\(h(step.id))</code> \(h(step.title)): \(h(step.status.rawValue))</li>\n"
                )
            }
            out.write("</ul>\n")
            switch report.rollbackSucceeded {
            case true?: out.write("<p>The rollback succeeded.</p>\n")
            case false?:
                out.write(
                    "<p class=\"bad\">The rollback did <strong>not</strong> succeed: check the system by hand.</p>\n")
            case nil: out.write("<p>The rollback did not finish.</p>\n")
            }
        }
        if !report.leftToDo.isEmpty {
            out.write("<h2>Left to do</h2>\n<p>The run is \(h(report.status.rawValue))")
            if report.status.isUnfinished {
                out.write("; continue it with <code>\(h(ReportText.resumeHint(report)))</code>")
            }
            out.write(".</p>\n<ul class=\"todo\">\n")
            for step in report.leftToDo {
                out.write("<li>☐ <code>\(h(step.id))</code> \(h(step.title)) (\(h(step.status.rawValue)))</li>\n")
            }
            out.write("</ul>\n")
        }
    }

    private func diffBlock(_ out: inout [UInt8], _ diff: String) {
        out.write("<pre class=\"diff\"><code>")
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            let text = h(String(line))
            switch line.first {
            case "+" where !line.hasPrefix("+++"): out.write("<ins>\(text)</ins>\n")
            case "-" where !line.hasPrefix("---"): out.write("<del>\(text)</del>\n")
            case "@": out.write("<span class=\"hunk\">\(text)</span>\n")
            default: out.write(text + "\n")
            }
        }
        out.write("</code></pre>\n")
    }

    /// Status marks from fonts every system has (emoji fonts are not everywhere, and print
    /// badly), coloured by the row's class.
    private func writeMark(_ status: RunReport.StepStatus, to out: inout [UInt8]) { out.write(mark(status)) }

    private func mark(_ status: RunReport.StepStatus) -> String {
        let glyph: String
        switch status {
        case .succeeded, .confirmed: glyph = "✓"
        case .failed, .notStarted, .timedOut: glyph = "✗"
        case .skipped: glyph = "»"
        case .interrupted, .inProgress, .runnerDied: glyph = "‖"
        case .notRun: glyph = "○"
        }
        return "<span class=\"mark\" title=\"\(status.rawValue)\">\(glyph)</span>"
    }

    private func row(_ out: inout [UInt8], _ name: String, _ value: String) {
        out.write("<tr><th>\(name)</th><td>\(value)</td></tr>\n")
    }

    private func statusClass(_ status: RunStatus) -> String {
        switch status {
        case .completed: "good"
        case .failed, .aborted: "bad"
        case .rolledBack, .running, .paused, .interrupted: "warn"
        }
    }

    private func stepClass(_ status: RunReport.StepStatus) -> String {
        switch status {
        case .succeeded, .confirmed: "good"
        case .failed, .notStarted, .timedOut: "bad"
        case .skipped, .interrupted, .inProgress, .runnerDied: "warn"
        case .notRun: "idle"
        }
    }

    /// `h(text)` written at the end of `out`.
    static func writeEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { writeEscaped($0, to: &out) }
    }

    static func writeEscaped(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for index in 0..<text.count {
            let entity: StaticString
            switch text[index] {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            out.write(entity)
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
    }

    /// Escapes text for HTML element content and attribute values.
    func h(_ text: String) -> String {
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: bytes.append(contentsOf: "&amp;".utf8)
            case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
            case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
            case 0x22: bytes.append(contentsOf: "&quot;".utf8)
            case 0x27: bytes.append(contentsOf: "&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let style = """
        :root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--good:#1a7f37;--bad:#cf222e;--warn:#9a6700;--code:#f6f8fa}
        body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:#fff}
        main{max-width:960px;margin:0 auto;padding:24px}
        h1{font-size:1.8em;border-bottom:1px solid var(--line);padding-bottom:.3em}
        h2{font-size:1.35em;border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:1.6em}
        h3{font-size:1.1em;margin:0 0 .4em}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em}
        pre{background:var(--code);border:1px solid var(--line);border-radius:6px;padding:10px 12px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
        table{border-collapse:collapse;margin:.5em 0 1em}
        th,td{border:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
        .facts th{background:var(--code);white-space:nowrap}
        .checklist thead th,.deviations thead th{background:var(--code)}
        .num{text-align:right}
        .outcome{font-size:1.15em;padding:8px 12px;border-radius:6px;border:1px solid var(--line)}
        .outcome.good{border-color:var(--good);color:var(--good)}
        .outcome.bad{border-color:var(--bad);color:var(--bad)}
        .outcome.warn{border-color:var(--warn);color:var(--warn)}
        tr.bad td{color:var(--bad)} .mark{font-weight:bold} tr.good .mark,.step.good .mark{color:var(--good)} .step.bad .mark{color:var(--bad)} tr.warn .mark,.step.warn .mark{color:var(--warn)} tr.idle td{color:var(--muted)}
        .step{border-left:4px solid var(--line);padding:4px 0 4px 14px;margin:1.2em 0}
        .step.good{border-left-color:var(--good)} .step.bad{border-left-color:var(--bad)} .step.warn{border-left-color:var(--warn)}
        ins{text-decoration:none;background:#dafbe1;display:inline-block;min-width:100%}
        del{text-decoration:none;background:#ffebe9;display:inline-block;min-width:100%}
        .hunk{color:var(--muted)} .cut,p.bad{color:var(--bad)} .cut{font-size:.9em}
        footer{margin-top:2em;color:var(--muted);font-size:.9em;border-top:1px solid var(--line);padding-top:.5em}
        @media print{body{font-size:11pt}main{max-width:none;padding:0}pre{white-space:pre-wrap}a{color:inherit;text-decoration:none}.step,tr,pre{break-inside:avoid}}
        """
}
