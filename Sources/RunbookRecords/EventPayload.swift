import Foundation

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
        case .stepStarted(let body): return try encoder.encode(body)
        case .output(let body): return try encoder.encode(body)
        case .stepFinished(let body): return try encoder.encode(body)
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

    // Sorted keys keep the stored JSON stable, so two records of the same facts compare equal
    // byte for byte.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
