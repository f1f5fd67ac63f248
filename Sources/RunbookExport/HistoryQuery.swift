import Foundation
import RunbookDocument
import RunbookRecords

/// `runbook history`: past runs, newest first, as a table or JSON.
public struct HistoryQuery: Sendable {
    public var runbookID: String?
    /// At most this many runs; `nil` for all.
    public var limit: Int?

    public init(runbookID: String? = nil, limit: Int? = nil) {
        self.runbookID = runbookID
        self.limit = limit
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
                HistoryQuery.isPrintableASCII(utf8) ? String(decoding: UnsafeBufferPointer(rebasing: utf8.prefix(length)), as: UTF8.self) : nil
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
        let runs = try store.history(runbookID: runbookID, limit: limit)
        let lengths = try store.uniquePrefixLengths(of: runs.map { $0.id })
        return Result(runs: runs, prefixLengths: zip(runs, lengths).map { run, length in length ?? run.id.utf8.count })
    }

    /// An aligned table, one run a line.
    public static func table(_ result: Result) -> String { String(decoding: tableBytes(result), as: UTF8.self) }

    /// `table(result)` as UTF-8, what the command writes.
    public static func tableBytes(_ result: Result) -> [UInt8] {
        var table = TextTable(columns: 9, rows: result.runs.count + 1)
        for header in ["ID", "RUNBOOK", "VERSION", "OPERATOR", "HOST", "STARTED (UTC)", "DURATION", "STATUS", "DEVIATIONS"] { table.add(header) }
        // Titles repeat (one per revision): each is shortened once.
        var lastTitle: (full: String, shown: String)?
        for (index, run) in result.runs.enumerated() {
            table.add(result.shortID(at: index))
            let title = run.title ?? run.runbookID
            if lastTitle?.full != title {
                var shown = title
                if shown.utf8.count > 40, shown.count > 40 { shown = String(shown.prefix(39)) + "…" }
                lastTitle = (title, shown)
            }
            table.add(lastTitle!.shown)
            table.add(run.version ?? "-")
            table.add(run.operatorName)
            table.add(run.host)
            table.addASCII { ExportTime.append(run.startedAt, .minute, to: &$0) }
            if let duration = run.durationSeconds {
                table.addASCII { DurationText.append(duration, to: &$0) }
            } else {
                table.add("-")
            }
            table.add(run.status.rawValue)
            table.addASCII { $0.writeDecimal(run.deviationCount) }
        }
        return table.render(rightAligned: [8])
    }

    /// A JSON array of the runs (schema in docs/records.md).
    public static func json(_ result: Result) -> [UInt8] {
        var json = JSONWriter(capacity: 400 * result.runs.count + 16)
        var time: [UInt8] = []
        json.beginArray()
        for (index, run) in result.runs.enumerated() {
            json.beginObject()
            json.field("id", run.id)
            json.field("shortID", result.shortID(at: index))
            json.field("runbookID", run.runbookID)
            json.field("title", run.title)
            json.field("version", run.version)
            json.field("path", run.path)
            json.field("revisionHash", run.revisionHash)
            json.field("operatorName", run.operatorName)
            json.field("host", run.host)
            json.field("status", run.status.rawValue)
            json.key("startedAt")
            quote(run.startedAt, into: &time)
            json.raw(time)
            if let finished = run.finishedAt {
                json.key("finishedAt")
                quote(finished, into: &time)
                json.raw(time)
            }
            json.field("durationSeconds", run.durationSeconds)
            json.field("deviations", run.deviationCount)
            json.endObject()
        }
        json.endArray()
        var bytes = json.take()
        bytes.append(0x0A)
        return bytes
    }

    /// `"2026-11-27T16:14:32.123Z"` in `buffer` (reused: one time after another).
    private static func quote(_ date: Date, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(0x22)
        ExportTime.append(date, .iso, to: &buffer)
        buffer.append(0x22)
    }
}
