import Foundation
import RunbookDocument
import RunbookRecords

/// The JSON export: the run's row, revisions and whole event log, in the schema of
/// docs/records-export.schema.json. `decode` reads it back, so a run exported on one machine
/// can be imported and resumed on another.
public enum JSONExporter {
    /// The `format` value of every export.
    public static let format = "runbook-run"
    /// Bumped only when a field changes meaning; fields are only ever added.
    public static let formatVersion = 1

    /// The export: an object with one line per revision and per event, ending with a newline.
    public static func render(_ export: RunExport) throws -> Data {
        Data(render(run: export.run, revisions: export.revisions, events: try export.events.map(StoredEvent.init)))
    }

    /// The same from event rows as stored, without decoding their payloads (`runbook export`).
    public static func render(run: RunRecord, revisions: [RunbookRevision], events: [StoredEvent]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096 + events.reduce(0) { $0 + $1.payload.utf8.count + 96 })
        var json = JSONWriter()
        out += Array("{\"format\":\"\(format)\",\"formatVersion\":\(formatVersion),\n\"run\":".utf8)
        write(run, to: &json)
        out += json.take()
        out += Array(",\n\"revisions\":[".utf8)
        for (index, revision) in revisions.enumerated() {
            out += Array((index == 0 ? "\n" : ",\n").utf8)
            write(revision, to: &json)
            out += json.take()
        }
        out += Array("\n],\n\"events\":[".utf8)
        out += eventLines(events, writer: &json)
        out += Array("\n]}\n".utf8)
        return out
    }

    /// The events alone, as the export writes them (`runbook log --json`).
    public static func renderEvents(_ events: [StoredEvent]) -> [UInt8] {
        var json = JSONWriter()
        return Array("[".utf8) + eventLines(events, writer: &json) + Array("\n]\n".utf8)
    }

    private static func eventLines(_ events: [StoredEvent], writer json: inout JSONWriter) -> [UInt8] {
        var out: [UInt8] = []
        for (index, event) in events.enumerated() {
            out += Array((index == 0 ? "\n" : ",\n").utf8)
            json.beginObject()
            json.field("sequence", event.sequence)
            json.field("time", ExportTime.iso(event.time))
            json.field("stepID", event.stepID)
            json.field("kind", event.kind)
            json.key("payload")
            json.raw(event.payload.utf8)
            json.endObject()
            out += json.take()
        }
        return out
    }

    private static func write(_ run: RunRecord, to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", run.id)
        json.field("runbookID", run.runbookID)
        json.field("path", run.path)
        json.field("revisionHash", run.revisionHash)
        json.field("operatorName", run.operatorName)
        json.field("host", run.host)
        json.field("mode", run.mode.rawValue)
        json.field("status", run.status.rawValue)
        json.field("startedAt", ExportTime.iso(run.startedAt))
        json.field("finishedAt", run.finishedAt.map(ExportTime.iso))
        json.field("toolVersion", run.toolVersion)
        json.key("variables")
        json.beginObject()
        for name in run.variables.keys.sorted() {
            json.dynamicKey(name)
            json.string(run.variables[name] ?? "")
        }
        json.endObject()
        json.field("secretNames", run.secretNames)
        json.endObject()
    }

    private static func write(_ revision: RunbookRevision, to json: inout JSONWriter) {
        json.beginObject()
        json.field("hash", revision.hash)
        json.field("runbookID", revision.runbookID)
        json.field("path", revision.path)
        json.field("title", revision.title)
        json.field("version", revision.version)
        json.field("isRedacted", revision.isRedacted)
        json.field("storedAt", ExportTime.iso(revision.storedAt))
        json.field("text", revision.text)
        json.endObject()
    }

    /// Reads an export back.
    public static func decode(_ data: Data) throws -> RunExport {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw ExportError.invalid(describe(error))
        }
        guard document.format == format else { throw ExportError.invalid("not a runbook run export (format is '\(document.format)')") }
        guard document.formatVersion <= formatVersion else {
            throw ExportError.invalid("written by a newer runbook (format version \(document.formatVersion)); this one reads \(formatVersion)")
        }
        return try document.export()
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context).isEmpty ? "the top" : path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context).isEmpty ? "the top" : path(context))"
        @unknown default: return "\(error)"
        }
    }

    // MARK: The document

    /// The export's shape, for reading it back (writing goes through `JSONWriter`).
    struct Document: Decodable {
        var format: String
        var formatVersion: Int
        var run: Run
        var revisions: [Revision]
        var events: [Event]

        func export() throws -> RunExport {
            RunExport(
                run: try run.record(), revisions: try revisions.map { try $0.revision() },
                events: try events.map { try $0.event(runID: run.id) })
        }
    }

    struct Run: Codable {
        var id: String
        var runbookID: String
        var path: String
        var revisionHash: String
        var operatorName: String
        var host: String
        var mode: RunMode
        var status: RunStatus
        var startedAt: String
        var finishedAt: String?
        var toolVersion: String
        var variables: [String: String]
        var secretNames: [String]

        init(_ run: RunRecord) {
            id = run.id
            runbookID = run.runbookID
            path = run.path
            revisionHash = run.revisionHash
            operatorName = run.operatorName
            host = run.host
            mode = run.mode
            status = run.status
            startedAt = ExportTime.iso(run.startedAt)
            finishedAt = run.finishedAt.map(ExportTime.iso)
            toolVersion = run.toolVersion
            variables = run.variables
            secretNames = run.secretNames
        }

        func record() throws -> RunRecord {
            RunRecord(
                id: id, revisionHash: revisionHash, runbookID: runbookID, path: path, operatorName: operatorName, host: host,
                mode: mode, variables: variables, secretNames: secretNames, status: status,
                startedAt: try time(startedAt, "run.startedAt"), finishedAt: try finishedAt.map { try time($0, "run.finishedAt") },
                toolVersion: toolVersion)
        }
    }

    struct Revision: Codable {
        var hash: String
        var runbookID: String
        var path: String
        var title: String
        var version: String?
        var text: String
        var isRedacted: Bool
        var storedAt: String

        init(_ revision: RunbookRevision) {
            hash = revision.hash
            runbookID = revision.runbookID
            path = revision.path
            title = revision.title
            version = revision.version
            text = revision.text
            isRedacted = revision.isRedacted
            storedAt = ExportTime.iso(revision.storedAt)
        }

        func revision() throws -> RunbookRevision {
            RunbookRevision(
                hash: hash, runbookID: runbookID, path: path, title: title, version: version, text: text,
                isRedacted: isRedacted, storedAt: try time(storedAt, "revisions.storedAt"))
        }
    }

    struct Event: Codable {
        var sequence: Int
        var time: String
        var stepID: String?
        var payload: EventPayload

        init(_ event: RunEvent) {
            sequence = event.sequence
            time = ExportTime.iso(event.time)
            stepID = event.stepID
            payload = event.payload
        }

        func event(runID: String) throws -> RunEvent {
            RunEvent(runID: runID, sequence: sequence, time: try JSONExporter.time(time, "events.\(sequence).time"), stepID: stepID, payload: payload)
        }

        enum CodingKeys: String, CodingKey { case sequence, time, stepID, kind, payload }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sequence = try container.decode(Int.self, forKey: .sequence)
            time = try container.decode(String.self, forKey: .time)
            stepID = try container.decodeIfPresent(String.self, forKey: .stepID)
            let kind = try container.decode(EventKind.self, forKey: .kind)
            switch kind {
            case .runStarted: payload = .runStarted(try container.decode(RunStartedPayload.self, forKey: .payload))
            case .stepStarted: payload = .stepStarted(try container.decode(StepStartedPayload.self, forKey: .payload))
            case .output: payload = .output(try container.decode(OutputPayload.self, forKey: .payload))
            case .stepFinished: payload = .stepFinished(try container.decode(StepFinishedPayload.self, forKey: .payload))
            case .skipped: payload = .skipped(try container.decode(SkippedPayload.self, forKey: .payload))
            case .commandEdited: payload = .commandEdited(try container.decode(CommandEditedPayload.self, forKey: .payload))
            case .confirmed: payload = .confirmed(try container.decode(ConfirmedPayload.self, forKey: .payload))
            case .note: payload = .note(try container.decode(TextPayload.self, forKey: .payload))
            case .deviation: payload = .deviation(try container.decode(DeviationPayload.self, forKey: .payload))
            case .lesson: payload = .lesson(try container.decode(TextPayload.self, forKey: .payload))
            case .rollbackStarted: payload = .rollbackStarted(try container.decode(RollbackStartedPayload.self, forKey: .payload))
            case .rollbackFinished: payload = .rollbackFinished(try container.decode(RollbackFinishedPayload.self, forKey: .payload))
            case .paused: payload = .paused(try container.decode(TextPayload.self, forKey: .payload))
            case .interrupted: payload = .interrupted(try container.decode(InterruptedPayload.self, forKey: .payload))
            case .resumed: payload = .resumed(try container.decode(ResumedPayload.self, forKey: .payload))
            case .finished: payload = .finished(try container.decode(FinishedPayload.self, forKey: .payload))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(time, forKey: .time)
            try container.encodeIfPresent(stepID, forKey: .stepID)
            try container.encode(payload.kind, forKey: .kind)
            switch payload {
            case .runStarted(let body): try container.encode(body, forKey: .payload)
            case .stepStarted(let body): try container.encode(body, forKey: .payload)
            case .output(let body): try container.encode(body, forKey: .payload)
            case .stepFinished(let body): try container.encode(body, forKey: .payload)
            case .skipped(let body): try container.encode(body, forKey: .payload)
            case .commandEdited(let body): try container.encode(body, forKey: .payload)
            case .confirmed(let body): try container.encode(body, forKey: .payload)
            case .note(let body), .lesson(let body), .paused(let body): try container.encode(body, forKey: .payload)
            case .deviation(let body): try container.encode(body, forKey: .payload)
            case .rollbackStarted(let body): try container.encode(body, forKey: .payload)
            case .rollbackFinished(let body): try container.encode(body, forKey: .payload)
            case .interrupted(let body): try container.encode(body, forKey: .payload)
            case .resumed(let body): try container.encode(body, forKey: .payload)
            case .finished(let body): try container.encode(body, forKey: .payload)
            }
        }
    }

    static func time(_ text: String, _ field: String) throws -> Date {
        guard let date = ExportTime.parse(text) else { throw ExportError.invalid("\(field) is not an ISO 8601 UTC time: '\(text)'") }
        return date
    }
}

/// An export that cannot be read.
public enum ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): "invalid run export: \(message)"
        }
    }
}
