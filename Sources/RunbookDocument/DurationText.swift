import RunbookBytes

/// Formats seconds the way operators say them: `850ms`, `42s`, `5m`, `1h30m`.
public enum DurationText {
    public static func format(_ seconds: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        append(seconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `format(seconds)` at the end of `bytes`: listings and timelines write one or two
    /// durations per line, thousands of lines, and a string for each was a visible part of it.
    /// Durations come from files and imported records: a value no clock can measure (beyond
    /// ten million years, or not a number) is written as its bound instead of overflowing `Int`.
    public static func append(_ seconds: Double, to bytes: inout [UInt8]) {
        let seconds = seconds.isNaN ? 0 : min(max(seconds, -longest), longest)
        if seconds < 1 {
            decimal(Int((seconds * 1000).rounded()), to: &bytes)
            bytes.append(UInt8(ascii: "m")); bytes.append(UInt8(ascii: "s"))
            return
        }
        if seconds < 60 {
            if seconds == seconds.rounded() {
                decimal(Int(seconds), to: &bytes)
            } else {
                let tenths = Int((seconds * 10).rounded())
                decimal(tenths / 10, to: &bytes)
                bytes.append(UInt8(ascii: "."))
                decimal(tenths % 10, to: &bytes)
            }
            bytes.append(UInt8(ascii: "s"))
            return
        }
        let total = Int(seconds.rounded())
        let hours = total / 3600, minutes = (total % 3600) / 60, rest = total % 60
        if hours > 0 { decimal(hours, to: &bytes); bytes.append(UInt8(ascii: "h")) }
        if minutes > 0 { decimal(minutes, to: &bytes); bytes.append(UInt8(ascii: "m")) }
        if rest > 0 && hours == 0 { decimal(rest, to: &bytes); bytes.append(UInt8(ascii: "s")) }
    }

    /// The longest duration written exactly: about ten million years.
    static let longest: Double = 3.2e14

    /// `value` with exactly `decimals` digits after the point, as `%.2f` writes it, without
    /// going through Foundation's `String(format:)` (a step's worth of engine time per call).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite, abs(value) < 1e15, (0...9).contains(decimals) else { return "\(value)" }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// `value` in decimal, as `String(value)` writes it.
    private static func decimal(_ value: Int, to bytes: inout [UInt8]) { DecimalText.append(value, to: &bytes) }
}
