import Foundation
import RunbookDocument

/// What an event says, one case per `EventKind`.
public enum EventPayload: Hashable, Sendable {
    case runStarted(RunStartedPayload)
    case stepStarted(StepStartedPayload)
    case output(OutputPayload)
    case stepFinished(StepFinishedPayload)
    case skipped(SkippedPayload)
    case commandEdited(CommandEditedPayload)
    case confirmed(ConfirmedPayload)
    case note(TextPayload)
    case deviation(DeviationPayload)
    case lesson(TextPayload)
    case rollbackStarted(RollbackStartedPayload)
    case rollbackFinished(RollbackFinishedPayload)
    case paused(TextPayload)
    case interrupted(InterruptedPayload)
    case resumed(ResumedPayload)
    case finished(FinishedPayload)

    public var kind: EventKind {
        switch self {
        case .runStarted: .runStarted
        case .stepStarted: .stepStarted
        case .output: .output
        case .stepFinished: .stepFinished
        case .skipped: .skipped
        case .commandEdited: .commandEdited
        case .confirmed: .confirmed
        case .note: .note
        case .deviation: .deviation
        case .lesson: .lesson
        case .rollbackStarted: .rollbackStarted
        case .rollbackFinished: .rollbackFinished
        case .paused: .paused
        case .interrupted: .interrupted
        case .resumed: .resumed
        case .finished: .finished
        }
    }

    /// The run status this event moves the run to, if it moves it.
    public var resultingStatus: RunStatus? {
        switch self {
        case .runStarted, .resumed: .running
        case .paused: .paused
        case .interrupted: .interrupted
        case .finished(let payload): payload.status
        default: nil
        }
    }

    /// The JSON stored in the `payload` column.
    public func encodedBody() throws -> Data {
        let encoder = EventPayload.encoder
        switch self {
        case .runStarted(let body): return try encoder.encode(body)
        case .stepStarted(let body): return EventPayload.written(body)
        case .output(let body): return EventPayload.written(body)
        case .stepFinished(let body): return EventPayload.written(body)
        case .skipped(let body): return try encoder.encode(body)
        case .commandEdited(let body): return try encoder.encode(body)
        case .confirmed(let body): return try encoder.encode(body)
        case .note(let body), .lesson(let body), .paused(let body): return try encoder.encode(body)
        case .deviation(let body): return try encoder.encode(body)
        case .rollbackStarted(let body): return try encoder.encode(body)
        case .rollbackFinished(let body): return try encoder.encode(body)
        case .interrupted(let body): return try encoder.encode(body)
        case .resumed(let body): return try encoder.encode(body)
        case .finished(let body): return try encoder.encode(body)
        }
    }

    /// Reads a stored event back.
    /// - Parameter decoder: reused across a log's events (making one per event costs more than
    ///   decoding a small payload).
    public static func decode(kind: EventKind, body: Data, decoder: JSONDecoder = JSONDecoder()) throws -> EventPayload {
        switch kind {
        case .runStarted: return .runStarted(try decoder.decode(RunStartedPayload.self, from: body))
        case .stepStarted: return .stepStarted(try decoder.decode(StepStartedPayload.self, from: body))
        case .output: return .output(try decoder.decode(OutputPayload.self, from: body))
        case .stepFinished: return .stepFinished(try decoder.decode(StepFinishedPayload.self, from: body))
        case .skipped: return .skipped(try decoder.decode(SkippedPayload.self, from: body))
        case .commandEdited: return .commandEdited(try decoder.decode(CommandEditedPayload.self, from: body))
        case .confirmed: return .confirmed(try decoder.decode(ConfirmedPayload.self, from: body))
        case .note: return .note(try decoder.decode(TextPayload.self, from: body))
        case .deviation: return .deviation(try decoder.decode(DeviationPayload.self, from: body))
        case .lesson: return .lesson(try decoder.decode(TextPayload.self, from: body))
        case .rollbackStarted: return .rollbackStarted(try decoder.decode(RollbackStartedPayload.self, from: body))
        case .rollbackFinished: return .rollbackFinished(try decoder.decode(RollbackFinishedPayload.self, from: body))
        case .paused: return .paused(try decoder.decode(TextPayload.self, from: body))
        case .interrupted: return .interrupted(try decoder.decode(InterruptedPayload.self, from: body))
        case .resumed: return .resumed(try decoder.decode(ResumedPayload.self, from: body))
        case .finished: return .finished(try decoder.decode(FinishedPayload.self, from: body))
        }
    }

    /// Reads many stored events of one kind in one decoder call: their bodies are joined
    /// into one JSON array, which costs a fraction of decoding them one by one (the decoder's
    /// set-up per call dominates small payloads).
    public static func decode(kind: EventKind, bodies: [String], decoder: JSONDecoder = JSONDecoder()) throws -> [EventPayload] {
        guard !bodies.isEmpty else { return [] }
        // Flat payloads are read without the decoder; anything else (a nested object, an
        // unknown key, an escape the reader does not take) goes through it.
        var reader = FlatPayloadReader()
        var results = [EventPayload?](repeating: nil, count: bodies.count)
        var slow: [Int] = []
        for (index, body) in bodies.enumerated() {
            var body = body
            if let payload = body.withUTF8({ reader.decode(kind: kind, body: $0) }) { results[index] = payload } else { slow.append(index) }
        }
        if !slow.isEmpty {
            for (index, payload) in zip(slow, try decodeWithDecoder(kind: kind, bodies: slow.map { bodies[$0] }, decoder: decoder)) {
                results[index] = payload
            }
        }
        return results.map { $0! }
    }

    /// A flat payload read without the decoder (`FlatPayloadReader`); nil when the body is not
    /// one it takes.
    static func decodeFlat(kind: EventKind, body: String) -> EventPayload? {
        var reader = FlatPayloadReader()
        var body = body
        return body.withUTF8 { reader.decode(kind: kind, body: $0) }
    }

    /// Decodes bodies of one kind with `decoder`, all in one call.
    static func decodeWithDecoder(kind: EventKind, bodies: [String], decoder: JSONDecoder) throws -> [EventPayload] {
        var array = [UInt8]()
        array.reserveCapacity(bodies.reduce(2) { $0 + $1.utf8.count + 1 })
        array.append(0x5B)
        for (index, body) in bodies.enumerated() {
            if index > 0 { array.append(0x2C) }
            array.append(contentsOf: body.utf8)
        }
        array.append(0x5D)
        let data = Data(array)
        func all<T: Decodable>(_ type: T.Type, _ wrap: (T) -> EventPayload) throws -> [EventPayload] {
            try decoder.decode([T].self, from: data).map(wrap)
        }
        switch kind {
        case .runStarted: return try all(RunStartedPayload.self, EventPayload.runStarted)
        case .stepStarted: return try all(StepStartedPayload.self, EventPayload.stepStarted)
        case .output: return try all(OutputPayload.self, EventPayload.output)
        case .stepFinished: return try all(StepFinishedPayload.self, EventPayload.stepFinished)
        case .skipped: return try all(SkippedPayload.self, EventPayload.skipped)
        case .commandEdited: return try all(CommandEditedPayload.self, EventPayload.commandEdited)
        case .confirmed: return try all(ConfirmedPayload.self, EventPayload.confirmed)
        case .note: return try all(TextPayload.self, EventPayload.note)
        case .deviation: return try all(DeviationPayload.self, EventPayload.deviation)
        case .lesson: return try all(TextPayload.self, EventPayload.lesson)
        case .rollbackStarted: return try all(RollbackStartedPayload.self, EventPayload.rollbackStarted)
        case .rollbackFinished: return try all(RollbackFinishedPayload.self, EventPayload.rollbackFinished)
        case .paused: return try all(TextPayload.self, EventPayload.paused)
        case .interrupted: return try all(InterruptedPayload.self, EventPayload.interrupted)
        case .resumed: return try all(ResumedPayload.self, EventPayload.resumed)
        case .finished: return try all(FinishedPayload.self, EventPayload.finished)
        }
    }

    private static func written(_ body: some JSONWritable) -> Data {
        var writer = JSONWriter(capacity: 256)
        body.writeJSON(to: &writer)
        return Data(writer.bytes)
    }

    // Sorted keys keep the stored JSON stable, so two records of the same facts compare equal
    // byte for byte.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
