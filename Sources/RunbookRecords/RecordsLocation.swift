/// Where the records database lives when no `--records` option says otherwise.
public enum RecordsLocation {
    /// `RUNBOOK_RECORDS` if set, else `$XDG_DATA_HOME/runbook/records.sqlite`, else
    /// `~/.local/share/runbook/records.sqlite` (the XDG Base Directory default).
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["RUNBOOK_RECORDS"], !explicit.isEmpty { return explicit }
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            base = (environment["HOME"] ?? "~") + "/.local/share"
        }
        return base + "/runbook/records.sqlite"
    }
}
