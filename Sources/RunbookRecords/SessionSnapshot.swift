/// The shell session a run carries from step to step: the working directory and what the steps
/// exported, as a difference from the environment the run started with.
///
/// Stored values never hold a secret in clear: a secret's value inside a stored value is
/// written `[secret:NAME]` and filled in again on resume, and variables named as secrets are
/// not stored at all (the resolver supplies them).
public struct SessionSnapshot: Hashable, Sendable, Codable {
    /// Absolute working directory the next step starts in.
    public var workingDirectory: String
    /// Variables set or changed by the steps so far, by name.
    public var exported: [String: String]
    /// Variables the steps unset.
    public var unset: [String]
    /// bash options steps turned on or off, as the commands that do it again (`set -o name`,
    /// `shopt -u name`); nil when none did (and in records from before sessions kept them).
    public var shellOptions: [String]?
    /// The aliases the steps defined, as `alias -p` prints them.
    public var aliases: String?
    /// The functions the steps defined, as `declare -f` prints them.
    public var functions: String?

    public init(workingDirectory: String, exported: [String: String] = [:], unset: [String] = []) {
        self.workingDirectory = workingDirectory
        self.exported = exported
        self.unset = unset
    }
}
