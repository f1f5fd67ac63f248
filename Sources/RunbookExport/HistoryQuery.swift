import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// `runbook history`: past runs, newest first, as a table or JSON.
public struct HistoryQuery: Sendable {
    public var runbookID: String?
    /// At most this many runs; `nil` for all.
    public var limit: Int?
    /// `--revision`: only runs that started on a revision whose hash starts with this.
    public var revisionPrefix: String?

    public init(runbookID: String? = nil, limit: Int? = nil, revisionPrefix: String? = nil) {
        self.runbookID = runbookID
        self.limit = limit
        self.revisionPrefix = revisionPrefix
    }

    public struct Result: Sendable {
        public var runs: [RunListing]
        /// For each run, in the same order, how much of its id to show: the shortest prefix no
        /// other run shares.
        public var prefixLengths: [Int]

        public init(runs: [RunListing], prefixLengths: [Int]) {
            self.runs = runs
            self.prefixLengths = prefixLengths
        }

        /// The id of `runs[index]` as listed.
        public func shortID(at index: Int) -> String {
            var id = runs[index].id
            let length = prefixLengths[index]
            // Printable ASCII (every id the engine makes): characters are bytes.
            let short = id.withUTF8 { utf8 in
                HistoryQuery.isPrintableASCII(utf8)
                    ? String(decoding: UnsafeBufferPointer(rebasing: utf8.prefix(length)), as: UTF8.self) : nil
            }
            return short ?? String(id.prefix(length))
        }
    }

    static func isPrintableASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var printable = true
        for byte in utf8 { printable = printable && byte >= 0x20 && byte < 0x80 }
        return printable
    }

    public func run(_ store: RecordStore) throws(RecordStoreError) -> Result {
        var runs: [RunListing]
        if let revisionPrefix {
            let prefix = revisionPrefix.lowercased()
            let matching = try store.history(runbookID: runbookID).filter { $0.revisionHash.hasPrefix(prefix) }
            runs = limit.map { Array(matching.prefix($0)) } ?? matching
        } else {
            runs = try store.history(runbookID: runbookID, limit: limit)
        }
        let lengths = try store.uniquePrefixLengths(of: runs.map { $0.id })
        return Result(runs: runs, prefixLengths: runs.indices.map { lengths[$0] ?? runs[$0].id.utf8.count })
    }

    /// An aligned table, one run a line, fitted to `width` columns when given.
    public static func table(_ result: Result, width: Int? = nil) -> String {
        String(decoding: tableBytes(result, width: width), as: UTF8.self)
    }

    static let headers = [
        "ID", "RUNBOOK", "VERSION", "OPERATOR", "HOST", "STARTED (UTC)", "DURATION", "STATUS", "DEVIATIONS",
    ]

    /// `table(result, width:)` as UTF-8, what the command writes. Too wide for `width`, the
    /// host, version, operator, deviations and duration are left out in that order and the
    /// runbook's title wraps; the id, start and status always show.
    public static func tableBytes(_ result: Result, width: Int? = nil) -> [UInt8] {
        var table = TextTable(columns: 9, rows: result.runs.count + 1)
        for header in headers { table.add(header) }
        // Fields are read in place: a copy of each listing retained and released its nine
        // strings, for every run.
        result.runs.withUnsafeBufferPointer { runs in
            for index in runs.indices {
                let length = result.prefixLengths[index]
                let written = runs[index].id.utf8.withContiguousStorageIfAvailable { id in
                    // Printable ASCII (every id the engine makes): the prefix is bytes.
                    guard HistoryQuery.isPrintableASCII(id) else { return false }
                    table.addASCII { $0.append(contentsOf: UnsafeBufferPointer(rebasing: id.prefix(length))) }
                    return true
                }
                if written != true { table.add(result.shortID(at: index)) }
                table.add(runs[index].title ?? runs[index].runbookID)
                table.add(runs[index].version ?? "-")
                table.add(runs[index].operatorName)
                table.add(runs[index].host)
                let started = runs[index].startedAt
                table.addASCII { ExportTime.append(started, .minute, to: &$0) }
                if let duration = runs[index].durationSeconds {
                    table.addASCII { DurationText.append(duration, to: &$0) }
                } else {
                    table.add("-")
                }
                table.add(runs[index].status.rawValue)
                let deviations = runs[index].deviationCount
                table.addASCII { $0.writeDecimal(deviations) }
            }
        }
        guard let width, table.naturalWidth > width else { return table.render(rightAligned: [8]) }
        return table.render(rightAligned: [8], fitting: width, columns: columns)
    }

    /// Too wide, the host, version, operator, deviations and duration are left out in that
    /// order and the title wraps.
    static let columns: [FittedTable.Column] = {
        let ranks: [Int?] = [nil, nil, 2, 3, 1, nil, 5, nil, 4]
        return headers.indices.map { index in
            FittedTable.Column(headers[index], rightAligned: index == 8, dropRank: ranks[index], flexible: index == 1)
        }
    }()

    /// A JSON array of the runs (schema in docs/records.md).
    public static func json(_ result: Result) -> [UInt8] {
        var json = JSONWriter(capacity: 400 * result.runs.count + 16)
        var scratch: [UInt8] = []
        json.beginArray()
        // Fields are read in place (see `tableBytes`); times and durations are formatted into
        // `scratch` and written as raw JSON.
        result.runs.withUnsafeBufferPointer { runs in
            for index in runs.indices {
                json.beginObject()
                json.field("id", runs[index].id)
                json.field("shortID", result.shortID(at: index))
                json.field("runbookID", runs[index].runbookID)
                json.field("title", runs[index].title)
                json.field("version", runs[index].version)
                json.field("path", runs[index].path)
                json.field("revisionHash", runs[index].revisionHash)
                json.field("operatorName", runs[index].operatorName)
                json.field("host", runs[index].host)
                json.field("status", runs[index].status.rawValue)
                json.key("startedAt")
                quote(runs[index].startedAt, into: &scratch)
                json.raw(scratch)
                if let finished = runs[index].finishedAt {
                    json.key("finishedAt")
                    quote(finished, into: &scratch)
                    json.raw(scratch)
                    json.key("durationSeconds")
                    number(finished.timeIntervalSince(runs[index].startedAt), into: &scratch)
                    json.raw(scratch)
                }
                json.field("deviations", runs[index].deviationCount)
                json.endObject()
            }
        }
        json.endArray()
        var bytes = json.take()
        bytes.append(0x0A)
        return bytes
    }

    /// `value` as `JSONWriter.double` writes it, in `buffer`: whole numbers without a fraction,
    /// others as Swift describes them (the shortest text that reads back the same).
    private static func number(_ value: Double, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        if !value.isFinite {
            buffer.write("null")
        } else if value == value.rounded(), abs(value) < 1e15 {
            buffer.writeDecimal(Int(Int64(value)))
        } else {
            buffer.write(value.description)
        }
    }

    /// `"2026-11-27T16:14:32.123Z"` in `buffer` (reused: one time after another).
    private static func quote(_ date: Date, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x22)
        ExportTime.append(date, .iso, to: &buffer)
        buffer.append(0x22)
    }
}
