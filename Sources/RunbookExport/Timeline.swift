import Foundation
import RunbookDocument
import RunbookRecords

/// `runbook log`: one run's events as they happened, a line each (outputs folded to a few
/// lines unless `full`).
public struct Timeline: Sendable {
    public var full: Bool
    /// Output lines shown per stream when not `full`.
    public var outputLines: Int

    public init(full: Bool = false, outputLines: Int = 6) {
        self.full = full
        self.outputLines = outputLines
    }

    public func render(_ events: [RunEvent]) -> String { String(decoding: renderUTF8(events), as: UTF8.self) }

    /// `render(events)` as UTF-8, what the command writes.
    ///
    /// Written as bytes: the three kinds that make up nearly all of a log (step started, output,
    /// step finished) are written field by field, the rest through `describe`. A string per
    /// line and a Foundation search for line feeds in each made a 5,000-event log cost twice
    /// what reading it did.
    public func renderUTF8(_ events: [RunEvent]) -> [UInt8] {
        guard let start = events.first?.time else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(events.count * 96)
        var lines: [Range<Int>] = []
        for event in events {
            ExportTime.append(event.time, .clock, to: &out)
            out.write(UInt8(ascii: " "))
            let offsetStart = out.count
            out.write(UInt8(ascii: "+"))
            DurationText.append(max(0, event.time.timeIntervalSince(start)), to: &out)
            out.write(spaces: 8 - (out.count - offsetStart))
            out.write(UInt8(ascii: " "))
            out.write(event.kind.rawValue)
            if let step = event.stepID {
                out.write(" [")
                out.write(step)
                out.write(UInt8(ascii: "]"))
            }
            if !writeDetail(event.payload, to: &out) {
                let detail = describe(event.payload)
                if !detail.isEmpty {
                    out.write(
                        ": " + (detail.contains("\n") ? detail.replacingOccurrences(of: "\n", with: "\n    ") : detail))
                }
            }
            out.write(UInt8(ascii: "\n"))
            switch event.payload {
            case .output(let output):
                var text = output.text
                text.withUTF8 { text in
                    ReportText.lineRanges(text, into: &lines)
                    let folded = ReportText.fold(&lines, limit: full ? 0 : outputLines)
                    // The folded text is split again on line feeds: no lines at all read as one
                    // empty line.
                    if folded.head.isEmpty && folded.cut == 0 { out.write("    | \n") }
                    for line in folded.head { writeLine("    | ", text, line, to: &out) }
                    if folded.cut > 0 { out.write("    | " + ReportText.cutMarker(folded.cut) + "\n") }
                    for line in folded.tail { writeLine("    | ", text, line, to: &out) }
                }
            case .stepStarted(let started) where started.kind != .manual:
                var command = started.command
                command.withUTF8 { command in
                    ReportText.lineRanges(command, into: &lines)
                    for line in lines where !line.isEmpty { writeLine("    $ ", command, line, to: &out) }
                }
            case .commandEdited(let edit):
                for line in LineDiff.hunks(edit.original, edit.executed, context: 100).split(separator: "\n")
                where !line.hasPrefix("@@") {
                    out.write("    ")
                    out.write(line)
                    out.write(UInt8(ascii: "\n"))
                }
            case .stepFinished(let finished):
                if let diff = finished.match?.diff, full || !(finished.match?.matched ?? true) {
                    for line in diff.split(separator: "\n") {
                        out.write("    ")
                        out.write(line)
                        out.write(UInt8(ascii: "\n"))
                    }
                }
            default:
                break
            }
        }
        return out
    }

    private func writeLine(
        _ prefix: StaticString, _ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, to out: inout [UInt8]
    ) {
        out.write(prefix)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[line]))
        out.write(UInt8(ascii: "\n"))
    }

    /// Writes `": "` and what `describe(payload)` says for the frequent kinds, when it holds no
    /// line feed; false (nothing written) otherwise.
    private func writeDetail(_ payload: EventPayload, to out: inout [UInt8]) -> Bool {
        switch payload {
        case .stepStarted(let p):
            guard !p.title.utf8.contains(0x0A) else { return false }
            if p.title.isEmpty && p.attempt <= 1 { return true }
            out.write(": ")
            out.write(p.title)
            if p.attempt > 1 {
                out.write(" (attempt ")
                out.writeDecimal(p.attempt)
                out.write(UInt8(ascii: ")"))
            }
            if let host = p.remoteHost {
                guard !host.utf8.contains(0x0A) else { return false }
                out.write(" on ")
                out.write(host)
            }
            return true
        case .output(let p):
            out.write(": ")
            out.write(p.stream.rawValue)
            out.write(", ")
            ReportText.appendBytes(p.totalBytes, to: &out)
            if p.droppedBytes > 0 {
                out.write(" (")
                ReportText.appendBytes(p.droppedBytes, to: &out)
                out.write(" dropped)")
            }
            return true
        case .stepFinished(let p):
            if let error = p.error, error.utf8.contains(0x0A) { return false }
            out.write(": ")
            out.write(p.outcome.rawValue)
            if let exitCode = p.exitCode {
                out.write(", exit ")
                out.writeDecimal(exitCode)
            }
            if let signal = p.signal {
                out.write(", signal ")
                out.writeDecimal(signal)
            }
            out.write(" in ")
            DurationText.append(p.durationSeconds, to: &out)
            if let match = p.match { out.write(match.matched ? ", output matched" : ", output differed") }
            if let error = p.error {
                out.write(": ")
                out.write(error)
            }
            return true
        default:
            return false
        }
    }

    private func describe(_ payload: EventPayload) -> String {
        switch payload {
        case .runStarted(let p):
            "\(p.title) (\(p.runbookID), revision \(p.revisionHash.prefix(12))) by \(p.operatorName)@\(p.host), \(p.mode.rawValue)"
        case .stepStarted(let p):
            "\(p.title)" + (p.attempt > 1 ? " (attempt \(p.attempt))" : "") + (p.remoteHost.map { " on \($0)" } ?? "")
        case .output(let p):
            "\(p.stream.rawValue), \(ReportText.bytes(p.totalBytes))"
                + (p.droppedBytes > 0 ? " (\(ReportText.bytes(p.droppedBytes)) dropped)" : "")
        case .stepFinished(let p):
            p.outcome.rawValue + (p.exitCode.map { ", exit \($0)" } ?? "") + (p.signal.map { ", signal \($0)" } ?? "")
                + " in " + DurationText.format(p.durationSeconds)
                + (p.match.map { $0.matched ? ", output matched" : ", output differed" } ?? "")
                + (p.error.map { ": \($0)" } ?? "")
        case .skipped(let p): "\(ReportText.skipWhy(p.why)): \(p.reason)"
        case .commandEdited: "the operator edited the command"
        case .confirmed(let p): "\(p.requirement), \(p.method.rawValue)"
        case .note(let p), .lesson(let p), .paused(let p): p.text
        case .deviation(let p): "\(p.kind.rawValue): \(ReportText.detail(p))"
        case .rollbackStarted(let p): "\(p.reason); plan: \(p.steps.joined(separator: ", "))"
        case .rollbackFinished(let p): p.succeeded ? "succeeded" : "did not succeed"
        case .interrupted(let p): p.reason + (p.signal.map { " (signal \($0))" } ?? "")
        case .resumed(let p):
            "by \(p.operatorName)@\(p.host)"
                + (p.revisionHash != p.previousRevisionHash ? ", revision \(p.revisionHash.prefix(12))" : "")
        case .finished(let p): p.status.rawValue + (p.reason.map { ": \($0)" } ?? "")
        case .notified(let p): ReportText.notification(p)
        }
    }
}
