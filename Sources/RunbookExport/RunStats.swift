import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// `runbook stats`: where the procedure hurts. Per step: how often it succeeds, how long it
/// takes (median and 90th percentile of finished attempts), how often it is skipped, and the
/// deviations recorded at it, most frequent first.
public struct RunStats: Hashable, Sendable {
    public struct StepStats: Hashable, Sendable {
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
        public var stepID: String
        public var kind: DeviationKind
        public var count: Int
    }

    public var runCount: Int
    public var steps: [StepStats]
    /// Deviations by step and kind, most frequent first.
    public var topDeviations: [DeviationCount]

    public static func run(_ store: RecordStore, runbookID: String?) throws(RecordStoreError) -> RunStats {
        let facts = try store.stepFacts(runbookID: runbookID)
        let runs = try store.history(runbookID: runbookID).count
        return RunStats(facts: facts, runCount: runs)
    }

    public init(facts: [RecordedStepFact], runCount: Int) {
        self.runCount = runCount
        var order: [String] = []
        var byStep: [String: (runs: Set<String>, durations: [Double], stats: StepStats)] = [:]
        for fact in facts {
            if byStep[fact.stepID] == nil {
                order.append(fact.stepID)
                byStep[fact.stepID] = ([], [], StepStats(stepID: fact.stepID, runs: 0, attempts: 0, successes: 0, failures: 0, skips: 0, deviations: [:]))
            }
            var entry = byStep[fact.stepID]!
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
            byStep[fact.stepID] = entry
        }
        steps = order.map { id in
            var entry = byStep[id]!
            entry.stats.runs = entry.runs.count
            let sorted = entry.durations.sorted()
            entry.stats.medianSeconds = RunStats.percentile(sorted, 0.5)
            entry.stats.p90Seconds = RunStats.percentile(sorted, 0.9)
            return entry.stats
        }
        topDeviations = steps.flatMap { step in step.deviations.map { DeviationCount(stepID: step.stepID, kind: $0.key, count: $0.value) } }
            .sorted { ($0.count, $1.stepID, $1.kind.rawValue) > ($1.count, $0.stepID, $0.kind.rawValue) }
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    public func text() -> String {
        var rows: [[String]] = [["STEP", "RUNS", "ATTEMPTS", "SUCCESS", "SKIPPED", "MEDIAN", "P90", "DEVIATIONS"]]
        for step in steps {
            let rate = step.successRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
            let median = step.medianSeconds.map(DurationText.format) ?? "-"
            let p90 = step.p90Seconds.map(DurationText.format) ?? "-"
            let deviations = step.deviations.values.reduce(0, +)
            let row: [String] = [step.stepID, String(step.runs), String(step.attempts), rate, String(step.skips), median, p90, String(deviations)]
            rows.append(row)
        }
        var out = "\(runCount) run\(runCount == 1 ? "" : "s")\n\n" + TextTable.render(rows, rightAligned: [1, 2, 3, 4, 5, 6, 7])
        if !topDeviations.isEmpty {
            out += "\nMost frequent deviations:\n"
            for deviation in topDeviations.prefix(10) { out += "  \(deviation.count)×  \(deviation.stepID)  \(deviation.kind.rawValue)\n" }
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
