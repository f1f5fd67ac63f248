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
        /// How many characters of each id to show: the shortest prefix no other run shares.
        public var prefixLengths: [String: Int]

        public func shortID(_ run: RunListing) -> String { String(run.id.prefix(prefixLengths[run.id] ?? run.id.count)) }
    }

    public func run(_ store: RecordStore) throws(RecordStoreError) -> Result {
        let runs = try store.history(runbookID: runbookID, limit: limit)
        let prefixes = RunID.uniquePrefixLengths(sortedIDs: try store.allRunIDs())
        return Result(runs: runs, prefixLengths: prefixes)
    }

    /// An aligned table, one run a line.
    public static func table(_ result: Result) -> String {
        let header = ["ID", "RUNBOOK", "VERSION", "OPERATOR", "HOST", "STARTED (UTC)", "DURATION", "STATUS", "DEVIATIONS"]
        var rows: [[String]] = [header]
        rows.reserveCapacity(result.runs.count + 1)
        for run in result.runs {
            var title = run.title ?? run.runbookID
            if title.utf8.count > 40, title.count > 40 { title = String(title.prefix(39)) + "…" }
            rows.append([
                result.shortID(run), title, run.version ?? "-", run.operatorName, run.host,
                ExportTime.minute(run.startedAt),
                run.durationSeconds.map(DurationText.format) ?? "-", run.status.rawValue, String(run.deviationCount),
            ])
        }
        return TextTable.render(rows, rightAligned: [8])
    }

    /// A JSON array of the runs (schema in docs/records.md).
    public static func json(_ result: Result) -> [UInt8] {
        var json = JSONWriter(capacity: 256 * result.runs.count + 16)
        json.beginArray()
        for run in result.runs {
            json.beginObject()
            json.field("id", run.id)
            json.field("shortID", result.shortID(run))
            json.field("runbookID", run.runbookID)
            json.field("title", run.title)
            json.field("version", run.version)
            json.field("path", run.path)
            json.field("revisionHash", run.revisionHash)
            json.field("operatorName", run.operatorName)
            json.field("host", run.host)
            json.field("status", run.status.rawValue)
            json.field("startedAt", ExportTime.iso(run.startedAt))
            json.field("finishedAt", run.finishedAt.map(ExportTime.iso))
            json.field("durationSeconds", run.durationSeconds)
            json.field("deviations", run.deviationCount)
            json.endObject()
        }
        json.endArray()
        var bytes = json.take()
        bytes.append(0x0A)
        return bytes
    }
}

/// Columns padded to their widest cell, two spaces apart.
enum TextTable {
    static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let first = rows.first else { return "" }
        // Widths in characters; ASCII cells (nearly all) are measured in bytes.
        let width: (String) -> Int = { cell in cell.utf8.allSatisfy { $0 < 0x80 } ? cell.utf8.count : cell.count }
        var widths = [Int](repeating: 0, count: first.count)
        var cellWidths: [[Int]] = []
        cellWidths.reserveCapacity(rows.count)
        for row in rows {
            let measured = row.map(width)
            for (index, value) in measured.enumerated() { widths[index] = max(widths[index], value) }
            cellWidths.append(measured)
        }
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * (widths.reduce(0, +) + 2 * widths.count + 1))
        for (row, measured) in zip(rows, cellWidths) {
            for (index, cell) in row.enumerated() {
                let padding = widths[index] - measured[index]
                if index > 0 { out.append(0x20); out.append(0x20) }
                if rightAligned.contains(index) {
                    out.append(contentsOf: repeatElement(0x20, count: padding))
                    out.append(contentsOf: cell.utf8)
                } else {
                    out.append(contentsOf: cell.utf8)
                    if index < row.count - 1 { out.append(contentsOf: repeatElement(0x20, count: padding)) }
                }
            }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
