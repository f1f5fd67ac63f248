import Foundation

/// Where the records live when no `--records` option says otherwise.
public enum RecordsLocation {
    /// Every environment variable `defaultPath(environment:)` and
    /// `configurationFile(environment:)` read: a caller may pass only these.
    public static let environmentNames = ["RUNBOOK_RECORDS", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "HOME"]

    /// `RUNBOOK_RECORDS` if set, else the `records:` key of the configuration file
    /// (`configurationFile(environment:)`), else `$XDG_DATA_HOME/runbook/records.sqlite`, else
    /// `~/.local/share/runbook/records.sqlite` (the XDG Base Directory default). Either of the
    /// first two may be a `postgresql://` URL (docs/team.md).
    public static func defaultPath(environment: [String: String]) -> String {
        if let explicit = environment["RUNBOOK_RECORDS"], !explicit.isEmpty { return explicit }
        if let configured = configuredRecords(environment: environment) { return configured }
        let base: String
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            base = data
        } else {
            base = (environment["HOME"] ?? "~") + "/.local/share"
        }
        return base + "/runbook/records.sqlite"
    }

    /// `$XDG_CONFIG_HOME/runbook/config.yaml`, else `~/.config/runbook/config.yaml`.
    public static func configurationFile(environment: [String: String]) -> String {
        let base: String
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            base = config
        } else {
            base = (environment["HOME"] ?? "~") + "/.config"
        }
        return base + "/runbook/config.yaml"
    }

    /// The top-level `records:` value of the configuration file, if it has one.
    ///
    /// Read as one line (`records: postgresql://alice@db/runbook`, quotes allowed, a `#`
    /// comment after a space ignored): the records setting is a plain scalar, and reading it
    /// must not cost a YAML parse on every command's start.
    static func configuredRecords(environment: [String: String]) -> String? {
        guard let text = try? String(contentsOfFile: configurationFile(environment: environment), encoding: .utf8)
        else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("records:") {
            var value = line.dropFirst("records:".count).trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            value = value.trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
