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
    static func fold(_ lines: inout [Range<Int>], limit: Int) -> (
        head: ArraySlice<Range<Int>>, tail: ArraySlice<Range<Int>>, cut: Int
    ) {
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

    /// Where a step stands, one sentence: how its last attempt ended, and after how many.
    static func describe(_ step: RunReport.StepReport) -> String {
        // One string grown in place rather than parts joined: this runs for every step.
        var text: String
        switch step.status {
        case .succeeded: text = "Succeeded"
        case .confirmed:
            text =
                step.lastAttempt?.confirmation?.method == .preconfirmed
                ? "Marked done in advance by --yes (nobody confirmed it at the time)"
                : "Confirmed done by the operator"
        case .failed:
            text =
                (step.exitCode.map { "Failed with exit status \($0)" } ?? "Failed")
                + (step.error.map { ": \($0)" } ?? "")
        case .timedOut: text = "Timed out"
        case .interrupted: text = "Interrupted"
        case .notStarted: text = "Could not start" + (step.error.map { ": \($0)" } ?? "")
        case .skipped: text = "Skipped" + (step.skip.map { " (\(skipWhy($0.why))): \($0.reason)" } ?? "")
        case .inProgress: text = "Started, never finished"
        case .runnerDied: text = "Started, never finished: the runner died during it"
        case .notRun: text = "Not run"
        }
        if let duration = step.durationSeconds, step.status != .skipped, step.status != .confirmed {
            text += " in " + DurationText.format(duration)
        }
        if step.attemptCount > 1 { text += " after \(step.attemptCount) attempts" }
        return text + "."
    }

    /// How one attempt ended, in words: `failed with exit status 3 in 1.2s`.
    static func ending(_ attempt: StepAttempt) -> String {
        switch attempt.ending {
        case .running: return "started, no end recorded yet"
        case .runnerDied: return "never ended: the runner died during it"
        case .finished(let finish):
            var text: String
            switch finish.outcome {
            case .succeeded: text = "succeeded"
            case .confirmed:
                return attempt.confirmation?.method == .preconfirmed ? "marked done in advance" : "confirmed done"
            case .failed:
                if let exit = finish.exitCode {
                    text = "failed with exit status \(exit)"
                } else if let signal = finish.signal {
                    text = "killed by signal \(signal)"
                } else {
                    text = "failed"
                }
            case .timedOut: text = "timed out"
            case .interrupted:
                text = "interrupted" + (finish.signal.map { $0 == 2 ? " (Ctrl-C)" : " (signal \($0))" } ?? "")
            case .notStarted: return "could not start" + (finish.error.map { ": \($0)" } ?? "")
            }
            text += " in " + DurationText.format(finish.durationSeconds)
            if let match = finish.match {
                text += match.matched ? ", output as expected" : ", output differed from the expected"
            }
            return text
        }
    }

    /// How a confirmation was given, in words.
    static func confirmation(_ confirmation: ConfirmedPayload, _ report: RunReport) -> String {
        switch confirmation.method {
        case .preconfirmed:
            if confirmation.requirement == "destructive" || (!report.preconfirmed && report.allowDestructive) {
                return "confirmed in advance by --allow-destructive (nobody was asked)"
            }
            return "confirmed in advance by --yes (nobody was asked)"
        case .typed:
            return confirmation.requirement == "variable"
                ? "confirmed by typing the value asked for" : "confirmed by typing the phrase"
        case .answered:
            return confirmation.requirement == "manual"
                ? "confirmed done by the operator" : "confirmed by answering y to y/N"
        }
    }

    /// What follows `Attempt 2` in its line: `, by bob on pve2, confirmed by typing the phrase:
    /// failed with exit status 1 in 2s`.
    static func attemptDetail(_ attempt: StepAttempt, _ report: RunReport) -> String {
        var text = ", by \(attempt.operatorName) on \(attempt.host)"
        if let remote = attempt.remoteHost { text += ", ran on host \(remote)" }
        if let confirmation = attempt.confirmation { text += ", " + ReportText.confirmation(confirmation, report) }
        return text + ": " + ending(attempt)
    }

    /// For a step that ran on several hosts (here among them, as `local`): each host's latest
    /// attempt, as table rows (host, attempts, how the latest ended); empty for a step that ran
    /// on one host only.
    static func hostRows(_ attempts: [StepAttempt]) -> [[String]] {
        // Nearly every step ran on one host: asked first, without a table per step.
        guard let firstHost = attempts.first.map({ $0.remoteHost ?? "local" }),
            attempts.contains(where: { ($0.remoteHost ?? "local") != firstHost })
        else { return [] }
        var order: [String] = []
        var latest: [String: StepAttempt] = [:]
        var counts: [String: Int] = [:]
        for attempt in attempts {
            // An attempt with no remote host ran here: `local`, as a fan-out names it.
            let host = attempt.remoteHost ?? "local"
            if latest[host] == nil { order.append(host) }
            latest[host] = attempt
            counts[host, default: 0] += 1
        }
        guard order.count > 1 else { return [] }
        return order.map { host in [host, String(counts[host] ?? 0), ending(latest[host]!)] }
    }

    /// A stop and who took the run up again, one sentence.
    /// One `notify:` delivery: what it told whom, and whether it arrived.
    static func notification(_ notified: NotifiedPayload) -> String {
        "\(notified.trigger) to \(notified.target): " + (notified.delivered ? "delivered" : "not delivered")
            + " after \(notified.attempts) \(notified.attempts == 1 ? "try" : "tries") (\(notified.detail))"
    }

    static func stop(_ stop: RunState.Stop) -> String {
        var text = (stop.isInterruption ? "Interrupted" : "Paused")
        if let step = stop.stepID { text += " at \(step)" }
        text += ": \(stop.reason)"
        if let who = stop.resumedBy {
            text += ". Resumed by \(who)" + (stop.resumedOnHost.map { " on \($0)" } ?? "")
        } else {
            text += ". Not resumed."
            return text
        }
        return text + "."
    }

    /// `1 of 2 checks passed`, or `not run` when no check ran: never "0 passed" for checks
    /// that did not run.
    static func validationLine(_ counts: RunReport.Counts) -> String {
        let checks = "\(counts.checks) check\(counts.checks == 1 ? "" : "s")"
        if counts.checksRun == 0 { return "not run (\(checks))" }
        var text = "\(counts.checksPassed) of \(checks) passed"
        if counts.checksRun < counts.checks { text += ", \(counts.checks - counts.checksRun) not run" }
        return text
    }

    static func skipWhy(_ why: SkipReasonKind) -> String {
        switch why {
        case .operatorChoice: "operator's choice"
        case .excluded: "excluded by the author"
        case .beforeStart: "before the start step"
        case .missingCapability: "a capability it requires is missing"
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

    /// A deviation's detail on one line (an output mismatch's diff is shown with its step).
    static func detail(_ deviation: DeviationPayload) -> String {
        deviation.kind == .outputMismatch && deviation.headline != deviation.detail
            ? deviation.headline + " (diff with the step)" : deviation.headline
    }

    static func variables(_ report: RunReport) -> [String] {
        report.variableNames.map { "\($0)=\(report.variableValues[$0] ?? "")" }
            + report.secretNames.map { "\($0)=[secret]" }
    }

    static func resumeHint(_ report: RunReport) -> String {
        "runbook resume \(report.runID)"
    }

    /// What the summary says of an edited step: the attempts the edited command ran in, then
    /// which text the last attempt ran.
    static func edits(_ step: RunReport.StepReport) -> (attempts: String, last: String) {
        let attempts = step.attempts.filter(step.isEdited).map { "attempt \($0.number) (\(ending($0)))" }
        return (
            attempts.joined(separator: ", "),
            step.isEdited ? "the last attempt ran the edited command." : "the last attempt ran the command as written."
        )
    }
}
