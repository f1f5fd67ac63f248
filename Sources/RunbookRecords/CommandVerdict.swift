/// How one `$ ` command of a `console` transcript went.
public struct CommandVerdict: Hashable, Sendable, Codable {
    /// The file line of the command's `$ ` prompt.
    public var line: Int
    /// The status it ended with; nil when it never ran (an earlier command stopped the block)
    /// or was killed.
    public var exitCode: Int?
    /// The status the transcript expects: `[N]` under the output, else 0.
    public var expectedExitCode: Int
    /// Whether its output matched the lines written under it; nil when it never ran.
    public var matched: Bool?
    /// Expected (`-`) against actual (`+`) when it did not match.
    public var diff: String?

    public init(line: Int, exitCode: Int?, expectedExitCode: Int, matched: Bool?, diff: String? = nil) {
        self.line = line
        self.exitCode = exitCode
        self.expectedExitCode = expectedExitCode
        self.matched = matched
        self.diff = diff
    }

    /// True when it ran, ended with the expected status and printed the expected output.
    public var passed: Bool { exitCode == expectedExitCode && matched == true }
}
