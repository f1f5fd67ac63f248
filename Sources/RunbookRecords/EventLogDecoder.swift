import Foundation

/// A run's events decoded from their stored columns as the rows come, whichever database they
/// come from: flat payloads straight from the bytes, the few others a kind at a time afterwards.
struct EventLogDecoder {
    private let runID: String
    private var reader = FlatPayloadReader()
    private var stepIDs = InternedStrings()
    private var events: [RunEvent] = []
    private var slow: [EventKind: [(index: Int, body: String)]] = [:]
    private var unknownKind: (sequence: Int, kind: String)?

    init(runID: String, capacity: Int) {
        self.runID = runID
        events.reserveCapacity(capacity)
    }

    /// Adds the next stored event; false when its kind is unknown: reading stops there, and
    /// `finish` says so.
    mutating func add(
        sequence: Int, time: Double, stepID: UnsafeBufferPointer<UInt8>?, kind storedKind: UnsafeBufferPointer<UInt8>,
        body: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard let kind = EventKind(storedName: storedKind) else {
            unknownKind = (sequence, String(decoding: storedKind, as: UTF8.self))
            return false
        }
        let stepID = stepID.map { stepIDs.string($0) }
        let time = Date(timeIntervalSince1970: time)
        // The decoded payload is moved into its event, not copied and then released.
        guard let payload = reader.decode(kind: kind, body: body) else {
            slow[kind, default: []].append((events.count, String(decoding: body, as: UTF8.self)))
            // Stands in until the decoder has read the body.
            events.append(
                RunEvent(
                    runID: runID, sequence: sequence, time: time, stepID: stepID, payload: .note(TextPayload(text: "")))
            )
            return true
        }
        events.append(RunEvent(runID: runID, sequence: sequence, time: time, stepID: stepID, payload: payload))
        return true
    }

    /// Every event read, each payload decoded; `location` names the records in an error.
    mutating func finish(location: String) throws(RecordStoreError) -> [RunEvent] {
        if let unknownKind {
            throw RecordStoreError(
                .corrupt, path: location,
                "event \(unknownKind.sequence) of run \(runID) has an unknown kind '\(unknownKind.kind)'.")
        }
        let decoder = JSONDecoder()
        for (kind, pending) in slow {
            do {
                let payloads = try EventPayload.decodeWithDecoder(
                    kind: kind, bodies: pending.map(\.body), decoder: decoder)
                for (entry, payload) in zip(pending, payloads) { events[entry.index].payload = payload }
            } catch {
                throw RecordStoreError(
                    .corrupt, path: location, "run \(runID): a \(kind.rawValue) event does not decode: \(error).")
            }
        }
        slow = [:]
        return events
    }
}
