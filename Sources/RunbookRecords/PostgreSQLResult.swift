import Foundation

/// The rows of one statement, read in libpq's text format: each cell is the bytes the server
/// sent, NUL-terminated, valid until the result is freed with it.
final class PostgreSQLResult {
    private let result: OpaquePointer
    private let pq: LibPQ
    /// The number of rows.
    let count: Int

    init(_ result: OpaquePointer, _ pq: LibPQ) {
        self.result = result
        self.pq = pq
        count = Int(pq.ntuples(result))
    }

    deinit { pq.clear(result) }

    func isNull(_ row: Int, _ column: Int32) -> Bool { pq.getisnull(result, Int32(row), column) == 1 }

    /// The cell as UTF-8 (empty for NULL).
    func bytes(_ row: Int, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let value = pq.getvalue(result, Int32(row), column) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return value.withMemoryRebound(to: UInt8.self, capacity: 1) {
            UnsafeBufferPointer(start: $0, count: Int(pq.getlength(result, Int32(row), column)))
        }
    }

    func string(_ row: Int, _ column: Int32) -> String { String(decoding: bytes(row, column), as: UTF8.self) }

    func optionalString(_ row: Int, _ column: Int32) -> String? {
        isNull(row, column) ? nil : string(row, column)
    }

    func int(_ row: Int, _ column: Int32) -> Int {
        guard let value = pq.getvalue(result, Int32(row), column) else { return 0 }
        return strtol(value, nil, 10)
    }

    /// A `double precision` cell: the server writes the shortest text that reads back as the
    /// same double (PostgreSQL 12 and later), so times hash exactly as they were written.
    func double(_ row: Int, _ column: Int32) -> Double {
        guard let value = pq.getvalue(result, Int32(row), column) else { return 0 }
        return strtod(value, nil)
    }

    func optionalDouble(_ row: Int, _ column: Int32) -> Double? { isNull(row, column) ? nil : double(row, column) }

    func bool(_ row: Int, _ column: Int32) -> Bool { bytes(row, column).first == UInt8(ascii: "t") }
}
