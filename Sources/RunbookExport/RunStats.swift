import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// `runbook stats`: where the procedure hurts. Per step: how often it succeeds, how long it
/// takes (median and 90th percentile of finished attempts), how often it is skipped, and the
/// deviations recorded at it, most frequent first.
public struct RunStats: Hashable, Sendable {
    public struct StepStats: Hashable, Sendable {
        /// The runbook the step belongs to: a step id means something only within one.
        public var runbookID: String
        public var stepID: String
        /// Runs that touched the step.
        public var runs: Int
        public var attempts: Int
        public var successes: Int
        public var failures: Int
        public var skips: Int
        public var medianSeconds: Double?
        public var p90Seconds: Double?
        public var deviations: [DeviationKind: Int]

        /// Successful attempts over finished attempts; `nil` when none finished.
        public var successRate: Double? { attempts == 0 ? nil : Double(successes) / Double(attempts) }
    }

    public struct DeviationCount: Hashable, Sendable {
        public var runbookID: String
        public var stepID: String
        public var kind: DeviationKind
        public var count: Int
    }

    public var runCount: Int
    /// Runs per runbook id, for the heading of each runbook's group.
    public var runCounts: [String: Int]
    /// Grouped by runbook (in the order their first run started), then in step order.
    public var steps: [StepStats]
    /// Deviations by step and kind, most frequent first.
    public var topDeviations: [DeviationCount]

    public static func run(_ store: RecordStore, runbookID: String?) throws(RecordStoreError) -> RunStats {
        let facts = try store.stepFacts(runbookID: runbookID)
        let runs = try store.history(runbookID: runbookID)
        return RunStats(
            facts: facts, runCount: runs.count, runCounts: runs.reduce(into: [:]) { $0[$1.runbookID, default: 0] += 1 })
    }

    public init(facts: [RecordedStepFact], runCount: Int, runCounts: [String: Int] = [:]) {
        self.runCount = runCount
        self.runCounts = runCounts
        struct Key: Hashable { var runbookID: String, stepID: String }
        var order: [Key] = []
        var byStep: [Key: (runs: Set<String>, durations: [Double], stats: StepStats)] = [:]
        for fact in facts {
            let key = Key(runbookID: fact.runbookID, stepID: fact.stepID)
            if byStep[key] == nil {
                order.append(key)
                byStep[key] = (
                    [], [],
                    StepStats(
                        runbookID: fact.runbookID, stepID: fact.stepID, runs: 0, attempts: 0, successes: 0, failures: 0,
                        skips: 0, deviations: [:])
                )
            }
            var entry = byStep[key]!
            entry.runs.insert(fact.runID)
            switch fact.kind {
            case .stepFinished:
                entry.stats.attempts += 1
                if fact.outcome?.isSuccess == true { entry.stats.successes += 1 } else { entry.stats.failures += 1 }
                if let duration = fact.durationSeconds, fact.outcome != .confirmed { entry.durations.append(duration) }
            case .skipped:
                entry.stats.skips += 1
            case .deviation:
                if let kind = fact.deviationKind { entry.stats.deviations[kind, default: 0] += 1 }
            default:
                break
            }
            byStep[key] = entry
        }
        // Each runbook's steps together, runbooks in the order they first appear.
        let runbookOrder = order.map(\.runbookID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        order = runbookOrder.flatMap { runbook in order.filter { $0.runbookID == runbook } }
        steps = order.map { id in
            var entry = byStep[id]!
            entry.stats.runs = entry.runs.count
            let sorted = entry.durations.sorted()
            entry.stats.medianSeconds = RunStats.percentile(sorted, 0.5)
            entry.stats.p90Seconds = RunStats.percentile(sorted, 0.9)
            return entry.stats
        }
        topDeviations = steps.flatMap { step in
            step.deviations.map {
                DeviationCount(runbookID: step.runbookID, stepID: step.stepID, kind: $0.key, count: $0.value)
            }
        }
        .sorted {
            ($0.count, $1.runbookID, $1.stepID, $1.kind.rawValue) > (
                $1.count, $0.runbookID, $0.stepID, $0.kind.rawValue
            )
        }
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// The runbooks the steps belong to, in the order of `steps`.
    public var runbookIDs: [String] {
        steps.map(\.runbookID).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
    }

    /// Per-step tables, one per runbook under its id when there are several, fitted to
    /// `width` columns when given (the step id is never cut; P90, skips and runs are left out
    /// first).
    public func text(width: Int? = nil) -> String {
        let grouped = runbookIDs.count > 1
        var out = "\(runCount) run\(runCount == 1 ? "" : "s")\n"
        for runbookID in runbookIDs {
            var table = FittedTable(columns: [
                FittedTable.Column("STEP"), FittedTable.Column("RUNS", rightAligned: true, dropRank: 3),
                FittedTable.Column("ATTEMPTS", rightAligned: true, dropRank: 4),
                FittedTable.Column("SUCCESS", rightAligned: true),
                FittedTable.Column("SKIPPED", rightAligned: true, dropRank: 2),
                FittedTable.Column("MEDIAN", rightAligned: true),
                FittedTable.Column("P90", rightAligned: true, dropRank: 1),
                FittedTable.Column("DEVIATIONS", rightAligned: true, dropRank: 5),
            ])
            for step in steps where step.runbookID == runbookID {
                let rate = step.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
                let median = step.medianSeconds.map(DurationText.format) ?? "-"
                let p90 = step.p90Seconds.map(DurationText.format) ?? "-"
                let deviations = step.deviations.values.reduce(0, +)
                table.add([
                    step.stepID, String(step.runs), String(step.attempts), rate, String(step.skips), median, p90,
                    String(deviations),
                ])
            }
            out += "\n"
            if grouped {
                let runs = runCounts[runbookID] ?? 0
                out += "\(runbookID) (\(runs) run\(runs == 1 ? "" : "s")):\n"
            }
            out += table.render(width: width)
        }
        if !topDeviations.isEmpty {
            out += "\nMost frequent deviations:\n"
            for deviation in topDeviations.prefix(10) {
                let step = grouped ? "\(deviation.runbookID) › \(deviation.stepID)" : deviation.stepID
                let line = "\(deviation.count)×  \(step)  \(deviation.kind.rawValue)"
                out += WordWrap.lines(line, width: width ?? Int.max, indent: "  ").joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    public func json() -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.field("runs", runCount)
        json.key("steps")
        json.beginArray()
        for step in steps {
            json.beginObject()
            json.field("runbookID", step.runbookID)
            json.field("stepID", step.stepID)
            json.field("runs", step.runs)
            json.field("attempts", step.attempts)
            json.field("successes", step.successes)
            json.field("failures", step.failures)
            json.field("skips", step.skips)
            json.field("successRate", step.successRate)
            json.field("medianSeconds", step.medianSeconds)
            json.field("p90Seconds", step.p90Seconds)
            json.endObject()
        }
        json.endArray()
        json.key("topDeviations")
        json.beginArray()
        for deviation in topDeviations {
            json.beginObject()
            json.field("runbookID", deviation.runbookID)
            json.field("stepID", deviation.stepID)
            json.field("kind", deviation.kind.rawValue)
            json.field("count", deviation.count)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        var bytes = json.take()
        bytes.append(0x0A)
        return bytes
    }
}
