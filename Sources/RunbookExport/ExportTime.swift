import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Times as the exports write them: ISO 8601 in UTC with milliseconds
/// (`2026-11-27T16:14:32.123Z`), formatted by hand from the seconds since 1970:
/// `ISO8601DateFormatter` costs more than the rest of an event's rendering, and even `gmtime_r`
/// and a string per time showed up when listing 10,000 runs or a 5,000-event log.
public enum ExportTime {
    /// `2026-11-27T16:14:32.123Z`
    public static func iso(_ date: Date) -> String { string(date, .iso) }

    /// `2026-11-27 16:14 UTC`, for people.
    public static func readable(_ date: Date) -> String { minute(date) + " UTC" }

    /// `2026-11-27 16:14`, for tables whose header says UTC.
    public static func minute(_ date: Date) -> String { string(date, .minute) }

    /// `16:14:32`, for timelines.
    public static func clock(_ date: Date) -> String { string(date, .clock) }

    enum Layout { case iso, minute, clock }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in seconds since 1970.
    static let earliest: Double = -62_135_596_800
    static let latest: Double = 253_402_300_799.999

    private static func string(_ date: Date, _ layout: Layout) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(date, layout, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `date` in `layout` at the end of `bytes`.
    /// Times outside years 1 to 9999 (only a damaged or forged record holds one) are written as
    /// the nearest of those bounds rather than overflowing the arithmetic below.
    static func append(_ date: Date, _ layout: Layout, to bytes: inout [UInt8]) {
        let since1970 = date.timeIntervalSince1970
        let clamped = since1970.isNaN ? 0 : min(max(since1970, earliest), latest)
        let totalMilliseconds = Int64((clamped * 1000).rounded())
        let seconds = totalMilliseconds >= 0 ? totalMilliseconds / 1000 : (totalMilliseconds - 999) / 1000
        let milliseconds = Int(totalMilliseconds - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = Int(seconds - days * 86400)
        // Digits go into a small buffer on the stack, appended at once.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var count = 0
            // The low `width` digits of `value`, zero-padded (a year past 9999 keeps four).
            func digits(_ value: Int, _ width: Int) {
                var rest = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[count + offset] = UInt8(48 + rest % 10)
                    rest /= 10
                }
                count += width
            }
            func byte(_ value: UInt8) {
                buffer[count] = value
                count += 1
            }
            if layout != .clock {
                let (year, month, day) = civil(days: days)
                digits(year, 4); byte(0x2D)
                digits(month, 2); byte(0x2D)
                digits(day, 2)
                byte(layout == .iso ? 0x54 : 0x20)
            }
            digits(secondOfDay / 3600, 2); byte(0x3A)
            digits(secondOfDay / 60 % 60, 2)
            if layout != .minute { byte(0x3A); digits(secondOfDay % 60, 2) }
            if layout == .iso { byte(0x2E); digits(milliseconds, 3); byte(0x5A) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`), what `gmtime` gives without its call and its time zone lock.
    private static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
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
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        // timegm normalises 9999-99-99T99:99:99 into some other date; such a time is refused.
        let daysInMonth = [
            31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        guard year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth[month - 1],
            hour <= 23, minute <= 59, second <= 60,
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
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
}
