/// Reads capability lists such as `requires=openzfs` or `--without openzfs,zfs-diff`.
///
/// A capability is a word the author chooses (`openzfs`, `systemd`, …); the engine gives none of
/// them a meaning beyond matching the words a run declares missing.
public enum Capabilities {
    /// The words of a list separated by commas or white space, lowercased, empty words dropped.
    public static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
            .map { $0.lowercased() }
    }
}
