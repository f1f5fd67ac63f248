import Foundation

/// When a scheduled run happens: `--on "Sun 03:00"`, `--on "Mon..Fri 06:30"`, `--on daily`,
/// `--on 02:15`, turned into a systemd `OnCalendar=` expression and a cron schedule.
public struct CalendarSpec: Hashable, Sendable {
    /// As the operator wrote it.
    public var text: String
    /// systemd's form: `Sun *-*-* 03:00:00`.
    public var onCalendar: String
    /// The five cron fields: `0 3 * * 0`.
    public var cron: String

    private static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    private static let systemdDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let fullNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// Reads `text`, or explains what it accepts.
    public init(_ text: String) throws(ScheduleError) {
        self.text = text
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch trimmed {
        case "hourly": (onCalendar, cron) = ("*-*-* *:00:00", "0 * * * *"); return
        case "daily": (onCalendar, cron) = ("*-*-* 00:00:00", "0 0 * * *"); return
        case "weekly": (onCalendar, cron) = ("Mon *-*-* 00:00:00", "0 0 * * 1"); return
        case "monthly": (onCalendar, cron) = ("*-*-01 00:00:00", "0 0 1 * *"); return
        default: break
        }
        let words = trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard (1...2).contains(words.count), let time = CalendarSpec.time(words.last!) else { throw .calendar(text) }
        var days: [Int] = []
        if words.count == 2 {
            guard let parsed = CalendarSpec.days(words[0]) else { throw .calendar(text) }
            days = parsed
        }
        let clock = "\(CalendarSpec.two(time.hour)):\(CalendarSpec.two(time.minute)):00"
        if days.isEmpty {
            onCalendar = "*-*-* " + clock
            cron = "\(time.minute) \(time.hour) * * *"
        } else {
            onCalendar = days.map { CalendarSpec.systemdDays[$0] }.joined(separator: ",") + " *-*-* " + clock
            cron = "\(time.minute) \(time.hour) * * \(days.map(String.init).joined(separator: ","))"
        }
    }

    /// `03:00` → (3, 0).
    private static func time(_ word: String) -> (hour: Int, minute: Int)? {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    /// `sun`, `mon,wed`, `mon..fri`, `monday` → weekday numbers (0 is Sunday), in order.
    private static func days(_ word: String) -> [Int]? {
        var result: [Int] = []
        for part in word.split(separator: ",", omittingEmptySubsequences: false) {
            let range = part.components(separatedBy: "..")
            if range.count == 2 {
                guard let first = day(range[0]), let last = day(range[1]), first <= last else { return nil }
                result += Array(first...last)
            } else {
                guard let single = day(String(part)) else { return nil }
                result.append(single)
            }
        }
        var seen = Set<Int>()
        return result.filter { seen.insert($0).inserted }
    }

    private static func day(_ name: String) -> Int? {
        weekdays.firstIndex(of: name) ?? fullNames.firstIndex(of: name)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
