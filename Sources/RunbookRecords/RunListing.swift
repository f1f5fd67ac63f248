import Foundation

/// One line of `runbook history`: a run with its runbook's title and version and how many
/// deviations it recorded, read in one query (no fold of the event log).
public struct RunListing: Hashable, Sendable {
    public var id: String
    public var runbookID: String
    public var path: String
    public var title: String?
    public var version: String?
    public var revisionHash: String
    public var operatorName: String
    public var host: String
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    public var deviationCount: Int

    public init(
        id: String, runbookID: String, path: String, title: String?, version: String?, revisionHash: String,
        operatorName: String, host: String, status: RunStatus, startedAt: Date, finishedAt: Date?, deviationCount: Int
    ) {
        self.id = id
        self.runbookID = runbookID
        self.path = path
        self.title = title
        self.version = version
        self.revisionHash = revisionHash
        self.operatorName = operatorName
        self.host = host
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.deviationCount = deviationCount
    }

    /// Wall time from start to finish (pauses included); `nil` while unfinished.
    public var durationSeconds: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}

/// A note or lesson of some run, for `runbook lessons`.
public struct RecordedAnnotation: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case note, lesson }
    public var runID: String
    /// The runbook the run followed: lessons of two runbooks are never merged.
    public var runbookID: String = ""
    public var time: Date
    public var stepID: String?
    public var kind: Kind
    public var text: String
}

/// One step's end (or skip) in some run, for `runbook stats`.
public struct RecordedStepFact: Hashable, Sendable {
    public var runID: String
    /// The runbook the run followed: steps of two runbooks with the same id are told apart.
    public var runbookID: String = ""
    public var stepID: String
    public var kind: EventKind
    /// `step-finished`: the outcome; `skipped`: nil.
    public var outcome: StepOutcome?
    public var durationSeconds: Double?
    /// `deviation`: its kind.
    public var deviationKind: DeviationKind?
}

extension RunID {
    /// For each id, the length of its shortest prefix no other id starts with (at least
    /// `minimum`), from all ids sorted: a run is named on the command line by that prefix.
    public static func uniquePrefixLengths(sortedIDs ids: [String], minimum: Int = 8) -> [String: Int] {
        let bytes = ids.map { Array($0.utf8) }
        func common(_ a: [UInt8], _ b: [UInt8]) -> Int {
            var count = 0
            while count < a.count, count < b.count, a[count] == b[count] { count += 1 }
            return count
        }
        var lengths: [String: Int] = [:]
        lengths.reserveCapacity(ids.count)
        for index in bytes.indices {
            var needed = 0
            if index > 0 { needed = max(needed, common(bytes[index], bytes[index - 1])) }
            if index + 1 < bytes.count { needed = max(needed, common(bytes[index], bytes[index + 1])) }
            lengths[ids[index]] = min(bytes[index].count, max(minimum, needed + 1))
        }
        return lengths
    }
}
