/// Integers in decimal, as `String(value)` spells them, written as bytes without a String.
///
/// Public, not package: the compiler inlines a public type's `@inlinable` members into the
/// other modules, but calls a package type's (Swift 6.3), and these run once per byte or word.
public enum DecimalText {
    /// The longest an `Int` is in decimal: 19 digits and a sign.
    @inlinable package static var maximumLength: Int { 20 }

    /// Writes `value` at `out`, which has room for `maximumLength` bytes; returns the count.
    @inlinable
    package static func write(_ value: Int, at out: UnsafeMutablePointer<UInt8>) -> Int {
        if value >= 0 && value < 10 {
            out[0] = ASCII.zero + UInt8(value)
            return 1
        }
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { scratch -> Int in
            var magnitude = value.magnitude
            var end = scratch.count
            repeat {
                end -= 1
                scratch[end] = ASCII.zero + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { end -= 1; scratch[end] = ASCII.minus }
            let count = scratch.count - end
            UnsafeMutableRawPointer(out).copyMemory(from: scratch.baseAddress! + end, byteCount: count)
            return count
        }
    }

    /// Appends `value` to `bytes`.
    @inlinable
    package static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 0 && value < 10 {
            bytes.append(ASCII.zero + UInt8(value))
            return
        }
        var room: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &room) { room in
            let base = room.baseAddress!.assumingMemoryBound(to: UInt8.self)
            bytes.append(contentsOf: UnsafeBufferPointer(start: base, count: write(value, at: base)))
        }
    }
}
