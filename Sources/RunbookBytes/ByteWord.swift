/// Eight bytes at a time: the SWAR tests the scanners use to skip plain text a word at a
/// time, written once. A word is read with `load`, in memory order; every test answers for
/// the eight bytes at once.
///
/// Public, not package: the compiler inlines a public type's `@inlinable` members into the
/// other modules, but calls a package type's (Swift 6.3), and these run once per byte or word.
public enum ByteWord {
    /// 0x01 in every byte.
    @inlinable package static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// 0x80 in every byte.
    @inlinable package static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `pointer`, which need not be aligned.
    @inlinable
    package static func load(_ pointer: UnsafeRawPointer) -> UInt64 {
        pointer.loadUnaligned(as: UInt64.self)
    }

    /// True when a byte of `word` is zero: a borrow can only start at a zero byte, so the
    /// answer is exact even though the marks above the first zero may not be.
    @inlinable
    package static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    /// The high bit of exactly each zero byte of `word` (no borrow runs between bytes), for
    /// counting them.
    @inlinable
    package static func zeroByteMarks(_ word: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// True when a byte of `word` equals `byte`.
    @inlinable
    package static func contains(_ word: UInt64, _ byte: UInt8) -> Bool {
        hasZeroByte(word ^ (ones &* UInt64(byte)))
    }

    /// How many bytes of `word` equal `byte`.
    @inlinable
    package static func count(_ word: UInt64, _ byte: UInt8) -> Int {
        zeroByteMarks(word ^ (ones &* UInt64(byte))).nonzeroBitCount
    }

    /// True when a byte of `word` is at or above 0x80 (not ASCII).
    @inlinable
    package static func hasNonASCII(_ word: UInt64) -> Bool {
        word & highs != 0
    }

    /// True when an ASCII byte of `word` is a control character (below 0x20); bytes at or above
    /// 0x80 are left out by `& ~word`.
    @inlinable
    package static func hasASCIIControl(_ word: UInt64) -> Bool {
        (word &- ones &* 0x20) & ~word & highs != 0
    }

    /// True when a byte of `word` must be escaped inside a JSON string: a control character,
    /// `"` or `\`.
    @inlinable
    package static func needsJSONEscape(_ word: UInt64) -> Bool {
        hasASCIIControl(word) || contains(word, ASCII.quote) || contains(word, ASCII.backslash)
    }
}
