import Foundation

/// The `kind` column of an event: which payload its JSON holds. Names are part of the records
/// schema (docs/records.md) and never change meaning.
public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
    case runStarted = "run-started"
    case stepStarted = "step-started"
    case output
    case stepFinished = "step-finished"
    case skipped
    case commandEdited = "command-edited"
    case confirmed
    case note
    case deviation
    case lesson
    case rollbackStarted = "rollback-started"
    case rollbackFinished = "rollback-finished"
    case paused
    case interrupted
    case resumed
    case finished
    /// The outcome of telling a `notify:` target about the run (delivered or not).
    case notified
}

extension EventKind {
    /// The kind whose name is `bytes` (a `kind` column read as bytes), without making a string.
    init?(storedName bytes: UnsafeBufferPointer<UInt8>) {
        for (kind, name) in EventKind.storedNames where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
                self = kind; return
            }
        }
        return nil
    }

    private static let storedNames: [(EventKind, [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }
}
