import Foundation
import RunbookBytes
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

    /// The export: the run, its summary and steps with every attempt (from `report`, else read
    /// from the events without the runbook's text), then one line per revision and per event,
    /// ending with a newline.
    public static func render(_ export: RunExport, report: RunReport? = nil) throws -> Data {
        // Decoded events carry no stored hashes, so neither does this export (nor its head).
        var run = export.run
        run.headHash = ""
        return Data(
            render(
                run: run, revisions: export.revisions, events: try export.events.map(StoredEvent.init),
                report: report ?? RunReport(export)))
    }

    /// The same from event rows as stored, without decoding their payloads.
    public static func render(run: RunRecord, revisions: [RunbookRevision], events: [StoredEvent], report: RunReport?)
        -> [UInt8]
    {
        document(run: run, report: report, revisions: revisions, eventLines: eventLines(events))
    }

    private static func eventLines(_ events: [StoredEvent]) -> [UInt8] {
        var lines: [UInt8] = []
        for (index, event) in events.enumerated() {
            var stepID = event.stepID, kind = event.kind, payload = event.payload
            kind.withUTF8 { kind in
                payload.withUTF8 { payload in
                    if stepID == nil {
                        writeEvent(event.sequence, event.time, nil, kind, payload, first: index == 0, to: &lines)
                    } else {
                        stepID!.withUTF8 {
                            writeEvent(event.sequence, event.time, $0, kind, payload, first: index == 0, to: &lines)
                        }
                    }
                }
            }
        }
        return lines
    }

    /// Appends `row`'s line of the `events` array to `lines`, as the export writes it: with
    /// `document(run:revisions:report:eventLines:)`, an export written while the log is read
    /// and folded, in one pass.
    public static func appendEvent(_ row: StoredEventRow, to lines: inout [UInt8]) {
        row.withUnsafeColumns { stepID, kind, payload, hash in
            writeEvent(row.sequence, row.time, stepID, kind, payload, hash: hash, first: lines.isEmpty, to: &lines)
        }
    }

    /// The export from its parts: `eventLines` as `appendEvent` wrote them.
    public static func document(run: RunRecord, revisions: [RunbookRevision], report: RunReport?, eventLines: [UInt8])
        -> [UInt8]
    {
        document(run: run, report: report, revisions: revisions, eventLines: eventLines)
    }

    /// The events alone, as the export writes them (`runbook log --json`).
    public static func renderEvents(_ events: [StoredEvent]) -> [UInt8] {
        Array("[".utf8) + eventLines(events) + Array("\n]\n".utf8)
    }

    /// The events of `runID` straight from the records, as the export writes them.
    public static func renderEvents(of runID: String, from store: RecordStore) throws(RecordStoreError) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        var first = true
        try store.forEachStoredEvent(of: runID) { row in
            row.withUnsafeColumns { stepID, kind, payload, hash in
                writeEvent(row.sequence, row.time, stepID, kind, payload, hash: hash, first: first, to: &out)
            }
            first = false
        }
        out.write("\n]\n")
        return out
    }

    private static func document(run: RunRecord, report: RunReport?, revisions: [RunbookRevision], eventLines: [UInt8])
        -> [UInt8]
    {
        var out: [UInt8] = []
        out.reserveCapacity(4096 + revisions.reduce(0) { $0 + $1.text.utf8.count * 2 } + eventLines.count)
        var json = JSONWriter()
        out += Array("{\"format\":\"\(format)\",\"formatVersion\":\(formatVersion),\n\"run\":".utf8)
        write(run, to: &json)
        out += json.take()
        if let report {
            out += Array(",\n".utf8)
            JSONReportWriter.write(report, to: &out)
        }
        out += Array(",\n\"revisions\":[".utf8)
        for (index, revision) in revisions.enumerated() {
            out += Array((index == 0 ? "\n" : ",\n").utf8)
            write(revision, to: &json)
            out += json.take()
        }
        out += Array("\n],\n\"events\":[".utf8)
        out += eventLines
        out += Array("\n]}\n".utf8)
        return out
    }

    /// One event's line, preceded by `\n` (the `first`) or `,\n`: what
    /// `JSONWriter` writes for `{"sequence":…,"time":…,"stepID":…,"kind":…,"payload":…}`,
    /// with the payload as stored.
    private static func writeEvent(
        _ sequence: Int, _ time: Date, _ stepID: UnsafeBufferPointer<UInt8>?, _ kind: UnsafeBufferPointer<UInt8>,
        _ payload: UnsafeBufferPointer<UInt8>, hash: UnsafeBufferPointer<UInt8>? = nil, first: Bool,
        to out: inout [UInt8]
    ) {
        out.write(first ? "\n{\"sequence\":" : ",\n{\"sequence\":")
        out.writeDecimal(sequence)
        out.write(",\"time\":\"")
        ExportTime.append(time, .iso, to: &out)
        out.write(UInt8(ascii: "\""))
        if let stepID {
            out.write(",\"stepID\":")
            writeQuoted(stepID, to: &out)
        }
        out.write(",\"kind\":")
        writeQuoted(kind, to: &out)
        out.write(",\"payload\":")
        out.append(contentsOf: payload)
        if let hash, hash.count > 0 {
            out.write(",\"hash\":")
            writeQuoted(hash, to: &out)
        }
        out.write(UInt8(ascii: "}"))
    }

    /// A JSON string as `JSONWriter` quotes it (JSONEscaping).
    private static func writeQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        JSONEscaping.appendQuoted(text, to: &out)
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
        if !run.headHash.isEmpty { json.field("headHash", run.headHash) }
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
        // Written only when false, so exports of verified texts read as they always did.
        if !revision.isVerified { json.field("isVerified", false) }
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
        guard document.format == format else {
            throw ExportError.invalid("not a runbook run export (format is '\(document.format)')")
        }
        guard document.formatVersion <= formatVersion else {
            throw ExportError.invalid(
                "written by a newer runbook (format version \(document.formatVersion)); this one reads \(formatVersion)"
            )
        }
        return try document.export()
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context).isEmpty ? "the top" : path(context))"
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
            var export = RunExport(
                run: try run.record(), revisions: try revisions.map { try $0.revision() },
                events: try events.map { try $0.event(runID: run.id) })
            // An export written before the hash chain carries none; one that carries it must
            // carry it for every event.
            let hashes = events.compactMap(\.hash)
            if !hashes.isEmpty || run.headHash != nil {
                guard hashes.count == events.count else {
                    throw ExportError.invalid("some events carry a hash and some do not")
                }
                export.chain = ClaimedChain(events: hashes, head: run.headHash)
            }
            return export
        }
    }

    struct Run: Decodable {
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
        var headHash: String?

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
            headHash = run.headHash.isEmpty ? nil : run.headHash
        }

        func record() throws -> RunRecord {
            RunRecord(
                id: id, revisionHash: revisionHash, runbookID: runbookID, path: path, operatorName: operatorName,
                host: host,
                mode: mode, variables: variables, secretNames: secretNames, status: status,
                startedAt: try time(startedAt, "run.startedAt"),
                finishedAt: try finishedAt.map { try time($0, "run.finishedAt") },
                toolVersion: toolVersion)
        }
    }

    struct Revision: Decodable {
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

    struct Event: Decodable {
        var sequence: Int
        var time: String
        var stepID: String?
        var payload: EventPayload
        var hash: String?

        init(_ event: RunEvent) {
            sequence = event.sequence
            time = ExportTime.iso(event.time)
            stepID = event.stepID
            payload = event.payload
        }

        func event(runID: String) throws -> RunEvent {
            RunEvent(
                runID: runID, sequence: sequence, time: try JSONExporter.time(time, "events.\(sequence).time"),
                stepID: stepID, payload: payload)
        }

        enum CodingKeys: String, CodingKey { case sequence, time, stepID, kind, payload, hash }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sequence = try container.decode(Int.self, forKey: .sequence)
            time = try container.decode(String.self, forKey: .time)
            stepID = try container.decodeIfPresent(String.self, forKey: .stepID)
            hash = try container.decodeIfPresent(String.self, forKey: .hash)
            let kind = try container.decode(EventKind.self, forKey: .kind)
            payload = try EventPayload.decode(kind: kind, from: try container.superDecoder(forKey: .payload))
        }
    }

    static func time(_ text: String, _ field: String) throws -> Date {
        guard let date = ExportTime.parse(text) else {
            throw ExportError.invalid("\(field) is not an ISO 8601 UTC time: '\(text)'")
        }
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
