/// A scheduled run found in the unit directory, as its service's marker line describes it.
public struct InstalledSchedule: Hashable, Sendable {
    public var unitName: String
    public var runbookID: String
    /// The `--on` it was made with.
    public var on: String
    public var recordsPath: String
    public var path: String
    /// The timer's `OnCalendar=`, `nil` when the timer is missing.
    public var onCalendar: String?

    /// Reads ` id=… on=… records=… file=…` (the order `ScheduledRun` writes).
    init?(unitName: String, marker: String, onCalendar: String?) {
        func value(_ key: String, until next: String?) -> String? {
            guard let start = marker.range(of: " \(key)=") else { return nil }
            let rest = marker[start.upperBound...]
            guard let next else { return String(rest) }
            guard let end = rest.range(of: " \(next)=") else { return nil }
            return String(rest[..<end.lowerBound])
        }
        guard let id = value("id", until: "on"), let on = value("on", until: "records"),
            let records = value("records", until: "file"), let file = value("file", until: nil)
        else { return nil }
        self.unitName = unitName
        self.runbookID = id
        self.on = on
        self.recordsPath = records
        self.path = file
        self.onCalendar = onCalendar
    }
}
