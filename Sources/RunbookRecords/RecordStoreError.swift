/// A records database that cannot be opened, read or written.
public struct RecordStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The file or its directory could not be created or opened.
        case cannotOpen
        /// The file was written by a newer `runbook` whose schema this one does not know.
        case newerSchema
        /// SQLite refused a read or a write.
        case database
        /// A run id or prefix that names no run, or more than one.
        case unknownRun
        /// An imported run whose id is already in the records.
        case duplicateRun
        /// A stored event or run row that does not decode.
        case corrupt
        /// Another live `runbook` process runs the run.
        case leaseHeld
        /// Another process appended to the run's log at the same time.
        case concurrentWrite
        /// Records opened only to read them hold nothing yet: a PostgreSQL database without
        /// runbook's schema (reading does not create it).
        case noRecords
    }

    public var reason: Reason
    public var path: String
    public var message: String

    public init(_ reason: Reason, path: String, _ message: String) {
        self.reason = reason
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
