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
        let kept = lines[..<head] + [Substring(cutMarker(cut))] + lines[(lines.count - tail)...]
        return (kept.joined(separator: "\n"), cut)
    }

    /// The lines of `text` as `text.split(separator: "\n", omittingEmptySubsequences: false)`
    /// gives them, as ranges of its UTF-8, into `ranges`: a line feed ends a line unless it
    /// follows a carriage return (the two are then one `Character`, which `split` does not see
    /// as a separator, so the exports keep such lines whole).
    static func lineRanges(_ text: UnsafeBufferPointer<UInt8>, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        var start = 0
        var index = 0
        while index < text.count {
            if text[index] == 0x0A, index == 0 || text[index - 1] != 0x0D {
                ranges.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        ranges.append(start..<text.count)
    }

    /// What `fold(text, limit:)` keeps, from `text`'s line ranges (`lineRanges`): the ranges of
    /// the first lines kept, of the last ones, and how many lines were cut between them (the
    /// marker line stands there when it is more than zero).
    static func fold(_ lines: inout [Range<Int>], limit: Int) -> (head: ArraySlice<Range<Int>>, tail: ArraySlice<Range<Int>>, cut: Int) {
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard limit > 0, lines.count > limit else { return (lines[...], [], 0) }
        let head = (limit + 1) / 2, tail = limit / 2
        return (lines[..<head], lines[(lines.count - tail)...], lines.count - head - tail)
    }

    /// Whether `text` ends with a line feed as `String.hasSuffix("\n")` sees it: by characters,
    /// so not when the line feed follows a carriage return.
    static func endsWithLineFeed(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = text.last, last == 0x0A else { return false }
        return text.count == 1 || text[text.count - 2] != 0x0D
    }

    /// `text.lowercased()` written at the end of `out` (ASCII lowered byte by byte).
    static func writeLowercased(_ text: String, to out: inout [UInt8]) {
        var text = text
        let ascii = text.withUTF8 { utf8 -> Bool in
            guard utf8.allSatisfy({ $0 < 0x80 }) else { return false }
            for byte in utf8 { out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            return true
        }
        if !ascii { out.write(text.lowercased()) }
    }

    /// The line that stands for the `cut` lines a fold removed.
    static func cutMarker(_ cut: Int) -> String { "[… \(cut) lines cut …]" }

    /// `bytes(count)` written at the end of `out`.
    static func appendBytes(_ count: Int, to out: inout [UInt8]) {
        if count < 1024 {
            out.writeDecimal(count)
            out.write(" B")
            return
        }
        let tenths = count < 1024 * 1024 ? count * 10 / 1024 : count * 10 / (1024 * 1024)
        out.writeDecimal(tenths / 10)
        out.write(UInt8(ascii: "."))
        out.writeDecimal(tenths % 10)
        out.write(count < 1024 * 1024 ? " KiB" : " MiB")
    }

    static func describe(_ step: RunReport.StepReport) -> String {
        var parts: [String] = []
        switch step.status {
        case .succeeded: parts.append("Succeeded")
        case .confirmed: parts.append("Confirmed done by the operator")
        case .failed: parts.append((step.exitCode.map { "Failed with exit status \($0)" } ?? "Failed") + (step.error.map { ": \($0)" } ?? ""))
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
