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

    public func render(_ events: [RunEvent]) -> String {
        guard let start = events.first?.time else { return "" }
        var out = ""
        out.reserveCapacity(events.count * 96)
        for event in events {
            var offset = "+" + DurationText.format(max(0, event.time.timeIntervalSince(start)))
            if offset.utf8.count < 8 { offset += String(repeating: " ", count: 8 - offset.utf8.count) }
            let step = event.stepID.map { " [\($0)]" } ?? ""
            out += "\(ExportTime.clock(event.time)) \(offset) \(event.kind.rawValue)\(step)"
            let detail = describe(event.payload)
            if !detail.isEmpty { out += ": " + (detail.contains("\n") ? detail.replacingOccurrences(of: "\n", with: "\n    ") : detail) }
            out += "\n"
            switch event.payload {
            case .output(let output):
                let folded = ReportText.fold(output.text, limit: full ? 0 : outputLines)
                for line in folded.text.split(separator: "\n", omittingEmptySubsequences: false) { out += "    | \(line)\n" }
            case .stepStarted(let started) where started.kind != .manual:
                for line in started.command.split(separator: "\n") { out += "    $ \(line)\n" }
            case .commandEdited(let edit):
                for line in LineDiff.hunks(edit.original, edit.executed, context: 100).split(separator: "\n") where !line.hasPrefix("@@") {
                    out += "    \(line)\n"
                }
            case .stepFinished(let finished):
                if let diff = finished.match?.diff, full || !(finished.match?.matched ?? true) {
                    for line in diff.split(separator: "\n") { out += "    \(line)\n" }
                }
            default:
                break
            }
        }
        return out
    }

    private func describe(_ payload: EventPayload) -> String {
        switch payload {
        case .runStarted(let p): "\(p.title) (\(p.runbookID), revision \(p.revisionHash.prefix(12))) by \(p.operatorName)@\(p.host), \(p.mode.rawValue)"
        case .stepStarted(let p): "\(p.title)" + (p.attempt > 1 ? " (attempt \(p.attempt))" : "")
        case .output(let p): "\(p.stream.rawValue), \(ReportText.bytes(p.totalBytes))" + (p.droppedBytes > 0 ? " (\(ReportText.bytes(p.droppedBytes)) dropped)" : "")
        case .stepFinished(let p):
            p.outcome.rawValue + (p.exitCode.map { ", exit \($0)" } ?? "") + (p.signal.map { ", signal \($0)" } ?? "")
                + " in " + DurationText.format(p.durationSeconds) + (p.match.map { $0.matched ? ", output matched" : ", output differed" } ?? "")
                + (p.error.map { ": \($0)" } ?? "")
        case .skipped(let p): "\(ReportText.skipWhy(p.why)): \(p.reason)"
        case .commandEdited: "the operator edited the command"
        case .confirmed(let p): "\(p.requirement), \(p.method.rawValue)"
        case .note(let p), .lesson(let p), .paused(let p): p.text
        case .deviation(let p): "\(p.kind.rawValue): \(ReportText.detail(p))"
        case .rollbackStarted(let p): "\(p.reason); plan: \(p.steps.joined(separator: ", "))"
        case .rollbackFinished(let p): p.succeeded ? "succeeded" : "did not succeed"
        case .interrupted(let p): p.reason + (p.signal.map { " (signal \($0))" } ?? "")
        case .resumed(let p): "by \(p.operatorName)@\(p.host)" + (p.revisionHash != p.previousRevisionHash ? ", revision \(p.revisionHash.prefix(12))" : "")
        case .finished(let p): p.status.rawValue + (p.reason.map { ": \($0)" } ?? "")
        }
    }
}
