import RunbookBytes

// The exports and listings write UTF-8 into one byte array instead of growing a String: a
// string append re-checks the string's form each time, and a 5,000-event log or a listing of
// 10,000 runs appends hundreds of thousands of times.
extension Array where Element == UInt8 {
    // Through the string's contiguous UTF-8 when it has one (native strings do): appending a
    // UTF8View element by element took several times as long.
    mutating func write(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: text.utf8)
        }
    }

    mutating func write(_ text: Substring) {
        if text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            append(contentsOf: text.utf8)
        }
    }

    mutating func write(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    mutating func write(_ byte: UInt8) { append(byte) }

    /// `value` in decimal, as `String(value)` writes it.
    mutating func writeDecimal(_ value: Int) { DecimalText.append(value, to: &self) }

    mutating func write(spaces count: Int) {
        if count > 0 { append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }
}
