/// JSON numbers read as `Double` straight from their bytes, when that can be done exactly.
public enum DecimalNumber {
    /// The powers of ten a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of a JSON number whose digits, without leading zeros, fit in 53 bits and whose
    /// decimal exponent is within ±22 (what `JSONEncoder` writes for a duration: `0.0108148…`);
    /// nil for any other text, which a caller then gives to a full parser.
    ///
    /// Both the digits and the power of ten are then exact doubles, and one IEEE multiplication
    /// or division rounds their product or quotient correctly (Clinger's fast path), so the
    /// result is the correctly rounded value `Double(String)` also gives, bit for bit.
    public static func exactDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let count = bytes.count
        let negative = index < count && bytes[index] == ASCII.minus
        if negative { index += 1 }
        // The integer part: `0`, or digits not starting with 0.
        guard index < count else { return nil }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        if bytes[index] == ASCII.zero {
            index += 1
        } else {
            guard let read = readDigits(bytes, &index, &significand, &digits), read > 0 else { return nil }
        }
        if index < count, bytes[index] == ASCII.dot {
            index += 1
            guard let read = readDigits(bytes, &index, &significand, &digits), read > 0 else { return nil }
            exponent -= read
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == ASCII.minus || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == ASCII.minus
                index += 1
            }
            var written = 0
            var read = 0
            while index < count, bytes[index] &- ASCII.zero < 10 {
                guard read < 4 else { return nil }
                written = written * 10 + Int(bytes[index] &- ASCII.zero)
                read += 1
                index += 1
            }
            guard read > 0 else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == count, digits <= 19, significand <= 1 << 53 else { return nil }
        let magnitude: Double
        if significand == 0 {
            magnitude = 0
        } else if exponent >= 0 {
            guard exponent <= 22 else { return nil }
            magnitude = Double(significand) * exactPowersOfTen[exponent]
        } else {
            guard exponent >= -22 else { return nil }
            magnitude = Double(significand) / exactPowersOfTen[-exponent]
        }
        return negative ? -magnitude : magnitude
    }

    /// Reads decimal digits at `index` into `significand` (leading zeros not counted in
    /// `digits`). Returns how many were read, or nil when there are more significant digits than
    /// a `UInt64` holds.
    private static func readDigits(
        _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ significand: inout UInt64, _ digits: inout Int
    ) -> Int? {
        var read = 0
        while index < bytes.count {
            let digit = bytes[index] &- ASCII.zero
            guard digit < 10 else { break }
            if significand != 0 || digit != 0 {
                guard digits < 19 else { return nil }
                significand = significand * 10 + UInt64(digit)
                digits += 1
            }
            read += 1
            index += 1
        }
        return read
    }
}
