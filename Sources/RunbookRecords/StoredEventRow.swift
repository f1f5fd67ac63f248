import Foundation

/// An event row as SQLite holds it, handed to `RecordStore.forEachStoredEvent(of:_:)`: for
/// writers that copy payloads out unchanged (the JSON export), without a string per column.
/// The column bytes belong to SQLite's statement and are valid only during the call that
/// receives the row, so they are lent to a closure (as GRDB's `withUnsafeData` lends a
/// column), never handed out as properties a caller could keep.
public struct StoredEventRow {
    public let sequence: Int
    public let time: Date
    @usableFromInline let stepID: UnsafeBufferPointer<UInt8>?
    @usableFromInline let kind: UnsafeBufferPointer<UInt8>
    @usableFromInline let payload: UnsafeBufferPointer<UInt8>
    @usableFromInline let hash: UnsafeBufferPointer<UInt8>

    init(
        sequence: Int, time: Date, stepID: UnsafeBufferPointer<UInt8>?, kind: UnsafeBufferPointer<UInt8>,
        payload: UnsafeBufferPointer<UInt8>, hash: UnsafeBufferPointer<UInt8>
    ) {
        self.sequence = sequence
        self.time = time
        self.stepID = stepID
        self.kind = kind
        self.payload = payload
        self.hash = hash
    }

    /// Calls `body` with the row's column bytes, which must not outlive the call: the step
    /// id's UTF-8 (nil when the event is about no step), the kind's name, the payload's JSON
    /// (keys sorted, as `EventPayload.encodedBody()` writes it) and the event's link in its
    /// run's hash chain (EventChain, lowercase hex).
    @inlinable
    public func withUnsafeColumns<Result>(
        _ body: (
            _ stepID: UnsafeBufferPointer<UInt8>?, _ kind: UnsafeBufferPointer<UInt8>,
            _ payload: UnsafeBufferPointer<UInt8>, _ hash: UnsafeBufferPointer<UInt8>
        ) throws -> Result
    ) rethrows -> Result {
        try body(stepID, kind, payload, hash)
    }

    /// True when the row's kind is `kind`.
    public func isKind(_ kind: EventKind) -> Bool { EventKind(storedName: self.kind) == kind }
}
