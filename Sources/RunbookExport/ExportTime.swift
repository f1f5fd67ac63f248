import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Times as the exports write them: ISO 8601 in UTC with milliseconds
/// (`2026-11-27T16:14:32.123Z`), formatted by hand because `ISO8601DateFormatter` costs more
/// than the rest of an event's rendering.
public enum ExportTime {
    /// `2026-11-27T16:14:32.123Z`
    public static func iso(_ date: Date) -> String {
        let (parts, milliseconds) = broken(date)
        return format(parts, milliseconds: milliseconds, layout: .iso)
    }

    /// `2026-11-27 16:14 UTC`, for people.
    public static func readable(_ date: Date) -> String { minute(date) + " UTC" }

    /// `2026-11-27 16:14`, for tables whose header says UTC.
    public static func minute(_ date: Date) -> String {
        let (parts, _) = broken(date)
        return format(parts, milliseconds: 0, layout: .minute)
    }

    /// `16:14:32`, for timelines.
    public static func clock(_ date: Date) -> String {
        let (parts, _) = broken(date)
        return format(parts, milliseconds: 0, layout: .clock)
    }

    private enum Layout { case iso, minute, clock }

    // Digits written into a small byte buffer: these run once or twice per listed run or event.
    private static func format(_ parts: tm, milliseconds: Int, layout: Layout) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        if layout != .clock {
            digits(Int(parts.tm_year) + 1900, 4); bytes.append(0x2D)
            digits(Int(parts.tm_mon) + 1, 2); bytes.append(0x2D)
            digits(Int(parts.tm_mday), 2)
            bytes.append(layout == .iso ? 0x54 : 0x20)
        }
        digits(Int(parts.tm_hour), 2); bytes.append(0x3A)
        digits(Int(parts.tm_min), 2)
        if layout != .minute { bytes.append(0x3A); digits(Int(parts.tm_sec), 2) }
        if layout == .iso { bytes.append(0x2E); digits(milliseconds, 3); bytes.append(0x5A) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses what `iso` writes (and the same without fraction).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var fraction = 0.0
        if bytes[19] == UInt8(ascii: ".") {
            var scale = 0.1
            var index = 20
            while index < bytes.count - 1 {
                guard bytes[index] >= 48, bytes[index] <= 57 else { return nil }
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: (Double(seconds) * 1000 + (fraction * 1000).rounded()) / 1000)
    }

    private static func broken(_ date: Date) -> (tm, Int) {
        let totalMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(totalMilliseconds >= 0 ? totalMilliseconds / 1000 : (totalMilliseconds - 999) / 1000)
        let milliseconds = Int(totalMilliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (parts, milliseconds)
    }
}
