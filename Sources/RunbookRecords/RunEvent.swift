import Foundation

/// One fact of a run, in the order it happened. The event log is append-only: the database
/// refuses updates and deletes of event rows.
public struct RunEvent: Hashable, Sendable {
    public var runID: String
    /// 1 for `run-started`, then consecutive per run.
    public var sequence: Int
    public var time: Date
    /// The step the event is about, when it is about one.
    public var stepID: String?
    public var payload: EventPayload

    public init(runID: String, sequence: Int, time: Date = Date(), stepID: String? = nil, payload: EventPayload) {
        self.runID = runID
        self.sequence = sequence
        self.time = time
        self.stepID = stepID
        self.payload = payload
    }

    public var kind: EventKind { payload.kind }
}

/// An event not yet stored: the store assigns its sequence number.
public struct NewEvent: Hashable, Sendable {
    public var stepID: String?
    public var payload: EventPayload
    public var time: Date

    public init(stepID: String? = nil, _ payload: EventPayload, time: Date = Date()) {
        self.stepID = stepID
        self.payload = payload
        self.time = time
    }

    /// `events` as the run's events numbered after `lastSequence`, as an append stores them.
    static func numbered(_ events: [NewEvent], runID: String, after lastSequence: Int) -> [RunEvent] {
        events.enumerated().map { index, event in
            RunEvent(
                runID: runID, sequence: lastSequence + index + 1, time: event.time, stepID: event.stepID,
                payload: event.payload)
        }
    }
}

/// An event row as stored, its payload still the JSON text of the `payload` column: what an
/// export writes without decoding and re-encoding every payload.
public struct StoredEvent: Hashable, Sendable {
    public var sequence: Int
    public var time: Date
    public var stepID: String?
    public var kind: String
    /// The payload's JSON (keys sorted, as `EventPayload.encodedBody()` writes it).
    public var payload: String

    public init(sequence: Int, time: Date, stepID: String?, kind: String, payload: String) {
        self.sequence = sequence
        self.time = time
        self.stepID = stepID
        self.kind = kind
        self.payload = payload
    }

    /// The stored form of a decoded event.
    public init(_ event: RunEvent) throws {
        self.init(
            sequence: event.sequence, time: event.time, stepID: event.stepID, kind: event.kind.rawValue,
            payload: String(decoding: try event.payload.encodedBody(), as: UTF8.self))
    }
}
