import GRDB
import GRDBSQLite

/// The current row of a GRDB statement read through the SQLite C API: a column's text as the
/// bytes SQLite holds, without a `String` (or GRDB's `DatabaseValue`) per cell.
///
/// The queries that read thousands of rows (history, a long event log) spent more on making
/// strings of cells than SQLite spent finding the rows; with the bytes in hand they make a
/// string only of what they keep, and share one for values that repeat (a path, a hash).
/// Valid only until the statement steps again.
struct SQLiteRow {
    let statement: SQLiteStatement

    init(_ statement: Statement) {
        self.statement = statement.sqliteStatement
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    /// The column as UTF-8 (empty for NULL).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        // Text first, then its length: the order the SQLite documentation asks for.
        guard let text = sqlite3_column_text(statement, column) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
    }

    func string(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }
}
