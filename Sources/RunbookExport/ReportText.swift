import RunbookDocument
import RunbookRecords

/// Wording and text shaping shared by the Markdown and HTML exports, so both say the same.
enum ReportText {
    /// Lines of an output beyond which the export shows the head and tail only.
    static let defaultOutputLines = 40

    /// `output` cut to `limit` lines (head and tail), with how many lines were cut.
    static func fold(_ text: String, limit: Int) -> (text: String, cutLines: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard limit > 0, lines.count > limit else { return (lines.joined(separator: "\n"), 0) }
        let head = (limit + 1) / 2, tail = limit / 2
        let cut = lines.count - head - tail
        let kept = lines[..<head] + ["[… \(cut) lines cut …]"] + lines[(lines.count - tail)...]
        return (kept.joined(separator: "\n"), cut)
    }

    static func describe(_ step: RunReport.StepReport) -> String {
        var parts: [String] = []
        switch step.status {
        case .succeeded: parts.append("Succeeded")
        case .confirmed: parts.append("Confirmed done by the operator")
        case .failed: parts.append(step.exitCode.map { "Failed with exit status \($0)" } ?? "Failed")
        case .timedOut: parts.append("Timed out")
        case .interrupted: parts.append("Interrupted")
        case .notStarted: parts.append("Could not start" + (step.error.map { ": \($0)" } ?? ""))
        case .skipped: parts.append("Skipped" + (step.skip.map { " (\(skipWhy($0.why))): \($0.reason)" } ?? ""))
        case .inProgress: parts.append("Started, never finished (the process stopped during it)")
        case .notRun: parts.append("Not run")
        }
        if let duration = step.durationSeconds, step.status != .skipped { parts.append("in " + DurationText.format(duration)) }
        if step.attempts > 1 { parts.append("after \(step.attempts) attempts") }
        return parts.joined(separator: " ") + "."
    }

    static func skipWhy(_ why: SkipReasonKind) -> String {
        switch why {
        case .operatorChoice: "operator's choice"
        case .excluded: "excluded by the author"
        case .beforeStart: "before the start step"
        }
    }

    static func phaseName(_ phase: Phase) -> String {
        switch phase {
        case .prerequisite: "prerequisite"
        case .main: "step"
        case .validation: "validation"
        case .rollback: "rollback"
        }
    }

    static func streamName(_ stream: OutputStreamKind) -> String {
        switch stream {
        case .stdout: "stdout"
        case .stderr: "stderr"
        case .terminal: "terminal"
        }
    }

    static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        if count < 1024 * 1024 { let tenths = count * 10 / 1024; return "\(tenths / 10).\(tenths % 10) KiB" }
        let tenths = count * 10 / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MiB"
    }

    /// A deviation's detail on one line: an output mismatch's diff is shown with its step.
    static func detail(_ deviation: DeviationPayload) -> String {
        if deviation.kind == .outputMismatch, deviation.detail.hasPrefix("---") || deviation.detail.contains("\n") {
            return "the output differed from the expected output (diff with the step)"
        }
        return deviation.detail
    }

    static func variables(_ report: RunReport) -> [String] {
        report.variableNames.map { "\($0)=\(report.variableValues[$0] ?? "")" } + report.secretNames.map { "\($0)=[secret]" }
    }

    static func resumeHint(_ report: RunReport) -> String {
        "runbook resume \(report.runID)"
    }
}
