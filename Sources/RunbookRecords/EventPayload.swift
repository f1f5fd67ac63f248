import Foundation
import RunbookBytes
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
    case notified(NotifiedPayload)

    /// Each kind's body type and case: the one table every decoding path reads (the flat
    /// reader, `JSONDecoder`, an export's events). A body's keys are in its own `schema`.
    private static let entries: [EventKind: Entry] = [
        .runStarted: Entry { (body: RunStartedPayload) in .runStarted(body) },
        .stepStarted: Entry { (body: StepStartedPayload) in .stepStarted(body) },
        .output: Entry { (body: OutputPayload) in .output(body) },
        .stepFinished: Entry { (body: StepFinishedPayload) in .stepFinished(body) },
        .skipped: Entry { (body: SkippedPayload) in .skipped(body) },
        .commandEdited: Entry { (body: CommandEditedPayload) in .commandEdited(body) },
        .confirmed: Entry { (body: ConfirmedPayload) in .confirmed(body) },
        .note: Entry { (body: TextPayload) in .note(body) },
        .deviation: Entry { (body: DeviationPayload) in .deviation(body) },
        .lesson: Entry { (body: TextPayload) in .lesson(body) },
        .rollbackStarted: Entry { (body: RollbackStartedPayload) in .rollbackStarted(body) },
        .rollbackFinished: Entry { (body: RollbackFinishedPayload) in .rollbackFinished(body) },
        .paused: Entry { (body: TextPayload) in .paused(body) },
        .interrupted: Entry { (body: InterruptedPayload) in .interrupted(body) },
        .resumed: Entry { (body: ResumedPayload) in .resumed(body) },
        .finished: Entry { (body: FinishedPayload) in .finished(body) },
        .notified: Entry { (body: NotifiedPayload) in .notified(body) },
    ]

    /// What the stored JSON of this event is: its body, for writing.
    public var body: any EventBody {
        switch self {
        case .runStarted(let body): body
        case .stepStarted(let body): body
        case .output(let body): body
        case .stepFinished(let body): body
        case .skipped(let body): body
        case .commandEdited(let body): body
        case .confirmed(let body): body
        case .note(let body), .lesson(let body), .paused(let body): body
        case .deviation(let body): body
        case .rollbackStarted(let body): body
        case .rollbackFinished(let body): body
        case .interrupted(let body): body
        case .resumed(let body): body
        case .finished(let body): body
        case .notified(let body): body
        }
    }

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
        case .notified: .notified
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

    /// The JSON stored in the `payload` column: the body's fields in key order, as
    /// `JSONEncoder` with sorted keys writes them.
    public func encodedBody() throws -> Data {
        var writer = JSONWriter(capacity: 256)
        body.writeJSON(to: &writer)
        return Data(writer.bytes)
    }

    /// Reads a stored event back.
    /// - Parameter decoder: reused across a log's events (making one per event costs more than
    ///   decoding a small payload).
    public static func decode(kind: EventKind, body: Data, decoder: JSONDecoder = JSONDecoder()) throws -> EventPayload
    {
        try entry(of: kind).decodeData(decoder, body)
    }

    /// Reads the payload of an event of `kind` from `decoder` (an export's `payload` key).
    public static func decode(kind: EventKind, from decoder: any Decoder) throws -> EventPayload {
        try entry(of: kind).decode(decoder)
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
        return try entry(of: kind).decodeArray(decoder, Data(array))
    }

    static func entry(of kind: EventKind) -> Entry { entries[kind]! }

    /// How one kind's payload is read, derived from its body type and case.
    struct Entry: Sendable {
        let readFlat: @Sendable (inout FlatPayloadReader, UnsafeBufferPointer<UInt8>) -> EventPayload?
        let decode: @Sendable (any Decoder) throws -> EventPayload
        let decodeData: @Sendable (JSONDecoder, Data) throws -> EventPayload
        let decodeArray: @Sendable (JSONDecoder, Data) throws -> [EventPayload]

        init<Body: EventBody>(_ wrap: @escaping @Sendable (Body) -> EventPayload) {
            readFlat = { reader, bytes in reader.read(Body.self, bytes).map(wrap) }
            decode = { decoder in wrap(try Body(from: decoder)) }
            decodeData = { decoder, data in wrap(try decoder.decode(Body.self, from: data)) }
            decodeArray = { decoder, data in try decoder.decode([Body].self, from: data).map(wrap) }
        }
    }
}
