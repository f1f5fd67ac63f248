/// Why a schedule could not be written or read.
public enum ScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--on` is not a time runbook understands.
    case calendar(String)
    /// systemd-analyze rejected the expression.
    case rejected(expression: String, reason: String)
    /// A unit file could not be written.
    case write(path: String, reason: String)

    public var description: String {
        switch self {
        case .calendar(let text):
            "'\(text)' is not a schedule runbook understands; write a time, optionally after weekdays: "
                + "\"03:00\", \"Sun 03:00\", \"Mon..Fri 06:30\", \"Sat,Sun 22:15\", or hourly, daily, weekly, monthly."
        case .rejected(let expression, let reason):
            "systemd does not accept the calendar expression '\(expression)': \(reason)"
        case .write(let path, let reason):
            "cannot write \(path): \(reason)."
        }
    }
}
