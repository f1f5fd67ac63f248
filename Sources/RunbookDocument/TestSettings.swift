/// The front matter's `test:` block: how `runbook test` runs this runbook unattended.
///
/// ```yaml
/// test:
///   vars: {POOL: testpool}
///   sandbox: true          # the target is throw-away: destructive steps may run
///   requires: [zfs]        # commands that must be on PATH, else the runbook is skipped
///   check: zpool list      # must exit 0, else the runbook is skipped
///   skip: "needs the backup host"
/// ```
public struct TestSettings: Hashable, Sendable, Codable {
    /// Variable values for the test run; `--var` wins over them.
    public var variables: [String: String]
    /// True when the runbook's target is a sandbox: steps marked destructive run in a test.
    public var sandbox: Bool
    /// Why the runbook is never run as a test; `nil` when it is.
    public var skip: String?
    /// Commands that must be on PATH for the test to run.
    public var requires: [String]
    /// A shell command that must exit 0 for the test to run (a daemon is up, a pool exists).
    public var check: String?

    public init(
        variables: [String: String] = [:], sandbox: Bool = false, skip: String? = nil, requires: [String] = [],
        check: String? = nil
    ) {
        self.variables = variables
        self.sandbox = sandbox
        self.skip = skip
        self.requires = requires
        self.check = check
    }
}
