import Foundation

/// An event row as SQLite holds it, handed to `RecordStore.forEachStoredEvent(of:_:)`: for
/// writers that copy payloads out unchanged (the JSON export), without a string per column.
/// The buffers are valid only during the call that receives the row.
public struct StoredEventRow {
    public let sequence: Int
    public let time: Date
    /// The step id's UTF-8, or nil when the event is about no step.
    public let stepID: UnsafeBufferPointer<UInt8>?
    public let kind: UnsafeBufferPointer<UInt8>
    /// The payload's JSON (keys sorted, as `EventPayload.encodedBody()` writes it).
    public let payload: UnsafeBufferPointer<UInt8>
    /// The event's link in its run's hash chain (EventChain), lowercase hex.
    public let hash: UnsafeBufferPointer<UInt8>

    /// True when the row's kind is `kind`.
    public func isKind(_ kind: EventKind) -> Bool { EventKind(storedName: self.kind) == kind }
}
