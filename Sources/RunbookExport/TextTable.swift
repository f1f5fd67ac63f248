import RunbookDocument

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Columns padded to their widest cell, two spaces apart.
///
/// Cells are kept as bytes in one buffer with their widths, measured once, and the table is
/// written into an array of exactly its size: `history --limit 0` lays out 10,000 rows of nine
/// cells, and an array of strings per row with each cell measured twice cost more than reading
/// the runs.
struct TextTable {
    let columns: Int
    private var cells: [UInt8] = []
    /// Where each cell ends in `cells` and its width in characters.
    private var entries: [(end: Int, width: Int)] = []
    private var widths: [Int]
    private var column = 0

    init(columns: Int, rows: Int = 0) {
        self.columns = columns
        widths = Array(repeating: 0, count: columns)
        cells.reserveCapacity(rows * columns * 12)
        entries.reserveCapacity(rows * columns)
    }

    /// The next cell (rows fill left to right, top to bottom).
    mutating func add(_ text: String) {
        let ascii =
            text.utf8.withContiguousStorageIfAvailable { utf8 in
                cells.append(contentsOf: utf8)
                return TextTable.isASCII(utf8)
            }
            ?? {
                cells.append(contentsOf: text.utf8)
                return text.utf8.allSatisfy { $0 < 0x80 }
            }()
        // Widths in characters; ASCII cells (nearly all) are measured in bytes.
        finish(width: ascii ? text.utf8.count : text.count)
    }

    /// The next cell, written by `body` as ASCII.
    mutating func addASCII(_ body: (inout [UInt8]) -> Void) {
        let start = cells.count
        body(&cells)
        finish(width: cells.count - start)
    }

    private mutating func finish(width: Int) {
        entries.append((cells.count, width))
        if width > widths[column] { widths[column] = width }
        column = column + 1 == columns ? 0 : column + 1
    }

    /// The table fitted to `width` (see `FittedTable.layout`): the columns left out are not
    /// written and a flexible cell wider than its room wraps at word boundaries onto lines of
    /// its own. Rows that need no wrapping are copied as bytes, as `render` does: `history
    /// --limit 0` into a pipe lays out 10,000 rows this way.
    func render(rightAligned: Set<Int> = [], fitting width: Int, columns described: [FittedTable.Column]) -> [UInt8] {
        guard !entries.isEmpty else { return [] }
        let (shown, flexibleWidth) = FittedTable.layout(described, natural: widths, width: width, flexibleMinimum: 24)
        let flexible = described.firstIndex { $0.flexible }
        var columnWidths = widths
        if let flexible, let flexibleWidth { columnWidths[flexible] = flexibleWidth }
        let right = (0..<columns).map { rightAligned.contains($0) }
        var out: [UInt8] = []
        out.reserveCapacity(cells.count + entries.count * 4)
        cells.withUnsafeBufferPointer { cells in
            func cellBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                let start = index == 0 ? 0 : entries[index - 1].end
                return UnsafeBufferPointer(rebasing: cells[start..<entries[index].end])
            }
            // `out` is passed in, not captured: a local function that captures it gets a run-time
            // exclusivity check on every append.
            /// One line of a row: `text(column)` gives each shown cell's bytes and width.
            func line(_ out: inout [UInt8], _ text: (Int) -> (bytes: [UInt8]?, cell: Int?, width: Int)) {
                let lineStart = out.count
                for (position, column) in shown.enumerated() {
                    let (bytes, cell, cellWidth) = text(column)
                    if position > 0 { out.append(0x20); out.append(0x20) }
                    let padding = columnWidths[column] - cellWidth
                    if right[column], padding > 0 { out.append(contentsOf: repeatElement(0x20, count: padding)) }
                    if let cell {
                        out.append(contentsOf: cellBytes(cell))
                    } else if let bytes {
                        out.append(contentsOf: bytes)
                    }
                    if !right[column], position < shown.count - 1, padding > 0 {
                        out.append(contentsOf: repeatElement(0x20, count: padding))
                    }
                }
                while out.count > lineStart, out.last == 0x20 { out.removeLast() }
                out.append(0x0A)
            }
            let rows = entries.count / columns
            for row in 0..<rows {
                let base = row * columns
                if let flexible, entries[base + flexible].width > columnWidths[flexible] {
                    let text = String(decoding: cellBytes(base + flexible), as: UTF8.self)
                    let pieces = WordWrap.lines(text, width: columnWidths[flexible], breakLongWords: true)
                    for (index, piece) in pieces.enumerated() {
                        line(&out) { column in
                            if column == flexible { return (Array(piece.utf8), nil, piece.count) }
                            return index == 0 ? (nil, base + column, entries[base + column].width) : ([], nil, 0)
                        }
                    }
                } else {
                    line(&out) { column in (nil, base + column, entries[base + column].width) }
                }
            }
        }
        return out
    }

    /// The width of the widest line the table renders to.
    var naturalWidth: Int { widths.reduce(0, +) + 2 * (columns - 1) }

    static func isASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in utf8 { any |= byte }
        return any < 0x80
    }

    /// The table, each row ending with a newline; columns in `rightAligned` are padded on the
    /// left. The last column is not padded on the right.
    func render(rightAligned: Set<Int> = []) -> [UInt8] {
        guard !entries.isEmpty else { return [] }
        let right = (0..<columns).map { rightAligned.contains($0) }
        // Every cell takes its column's width but the last column's left-aligned cells, which
        // take their own.
        var size = 0
        for (index, entry) in entries.enumerated() {
            let column = index % columns
            size += column == columns - 1 && !right[column] ? entry.width : widths[column]
            size += column == columns - 1 ? 1 : 2
        }
        // Cells of non-ASCII text take more bytes than their width.
        var start = 0
        for entry in entries {
            size += (entry.end - start) - entry.width
            start = entry.end
        }
        return [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
            cells.withUnsafeBufferPointer { cells in
                var at = 0, start = 0, column = 0
                let base = out.baseAddress!
                for entry in entries {
                    let length = entry.end - start
                    let padding = widths[column] - entry.width
                    if right[column] {
                        memset(base + at, 0x20, padding)
                        at += padding
                    }
                    if length > 0 { memcpy(base + at, cells.baseAddress! + start, length) }
                    at += length
                    if column == columns - 1 {
                        base[at] = 0x0A
                        at += 1
                        column = 0
                    } else {
                        if !right[column] {
                            memset(base + at, 0x20, padding)
                            at += padding
                        }
                        base[at] = 0x20
                        base[at + 1] = 0x20
                        at += 2
                        column += 1
                    }
                    start = entry.end
                }
                initialized = at
            }
        }
    }

    /// `rows` (the first one a header) as one string.
    static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let first = rows.first else { return "" }
        var table = TextTable(columns: first.count, rows: rows.count)
        for row in rows { for cell in row { table.add(cell) } }
        return String(decoding: table.render(rightAligned: rightAligned), as: UTF8.self)
    }
}
