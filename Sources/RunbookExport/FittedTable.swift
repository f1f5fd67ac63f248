import RunbookDocument

/// A table laid out to fit a width: columns two spaces apart, each as wide as its widest cell;
/// when that is too wide, the least useful columns are left out (in the order their `dropRank`
/// says) and the one flexible column (a title) wraps at word boundaries on lines of its own
/// width. Other cells (ids, times, statuses) are never cut.
public struct FittedTable: Sendable {
    public struct Column: Sendable {
        public var header: String
        public var rightAligned: Bool
        /// Left out when the table is too wide: rank 1 first, then 2, …; `nil` never.
        public var dropRank: Int?
        /// The column that wraps to take the room the others leave (at most one).
        public var flexible: Bool

        public init(_ header: String, rightAligned: Bool = false, dropRank: Int? = nil, flexible: Bool = false) {
            self.header = header
            self.rightAligned = rightAligned
            self.dropRank = dropRank
            self.flexible = flexible
        }
    }

    public let columns: [Column]
    public private(set) var rows: [[String]] = []
    /// The narrowest the flexible column is made before columns are left out for it.
    public var flexibleMinimum = 24

    public init(columns: [Column]) {
        self.columns = columns
    }

    public mutating func add(_ row: [String]) {
        precondition(row.count == columns.count, "a row has one cell per column")
        rows.append(row)
    }

    /// The indices of the columns shown at `width` and the flexible column's width.
    public func layout(width: Int?) -> (shown: [Int], flexibleWidth: Int?) {
        let natural = columns.indices.map { index in
            rows.reduce(columns[index].header.count) { max($0, $1[index].count) }
        }
        return FittedTable.layout(columns, natural: natural, width: width, flexibleMinimum: flexibleMinimum)
    }

    /// The layout for columns whose widest cells are `natural` wide: columns are left out by
    /// rank until the rest and the flexible column (at least `flexibleMinimum`, or its natural
    /// width when smaller) fit in `width`; the flexible column then takes the room left.
    static func layout(_ columns: [Column], natural: [Int], width: Int?, flexibleMinimum: Int) -> (
        shown: [Int], flexibleWidth: Int?
    ) {
        let flexible = columns.firstIndex { $0.flexible }
        var shown = Array(columns.indices)
        guard let width else { return (shown, flexible.map { natural[$0] }) }
        func fixedWidth(_ shown: [Int]) -> Int {
            shown.reduce(0) { $0 + ($1 == flexible ? 0 : natural[$1]) } + 2 * (shown.count - 1)
        }
        let droppable = columns.indices.filter { columns[$0].dropRank != nil }
            .sorted { columns[$0].dropRank! < columns[$1].dropRank! }
        var dropping = droppable.makeIterator()
        while fixedWidth(shown) + (flexible.map { min(natural[$0], flexibleMinimum) } ?? 0) > width,
            let next = dropping.next()
        {
            shown.removeAll { $0 == next }
        }
        guard let flexible else { return (shown, nil) }
        return (shown, max(8, min(natural[flexible], width - fixedWidth(shown))))
    }

    /// The table's lines, grouped by row (the header first); a row whose flexible cell wraps
    /// takes several lines. `decorate` may colour a cell (row index, 0 for the header; column
    /// index; the cell's text) after it is measured, so escapes never count as width.
    public func lineGroups(width: Int?, decorate: ((Int, Int, String) -> String)? = nil) -> [[String]] {
        let (shown, flexibleWidth) = layout(width: width)
        let widths = shown.map { index in
            columns[index].flexible
                ? flexibleWidth! : rows.reduce(columns[index].header.count) { max($0, $1[index].count) }
        }
        func lines(of row: [String], number: Int) -> [String] {
            let cells = shown.enumerated().map { position, index -> [String] in
                guard columns[index].flexible, row[index].count > widths[position] else { return [row[index]] }
                return WordWrap.lines(row[index], width: widths[position], breakLongWords: true)
            }
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { line in
                var text = ""
                for (position, index) in shown.enumerated() {
                    let cell = line < cells[position].count ? cells[position][line] : ""
                    let padding = String(repeating: " ", count: max(0, widths[position] - cell.count))
                    let last = position == shown.count - 1
                    if position > 0 { text += "  " }
                    let shownCell = decorate.map { $0(number, index, cell) } ?? cell
                    text += columns[index].rightAligned ? padding + shownCell : (last ? shownCell : shownCell + padding)
                }
                return text.trimmingTrailingSpaces()
            }
        }
        return [lines(of: columns.map(\.header), number: 0)] + rows.enumerated().map { lines(of: $1, number: $0 + 1) }
    }

    /// The table, each line ending with a newline.
    public func render(width: Int?) -> String {
        lineGroups(width: width).joined().map { $0 + "\n" }.joined()
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        guard let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[...last])
    }
}
