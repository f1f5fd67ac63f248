/// One `$ ` command of a `console` transcript with what it is expected to print and end with,
/// read the way cram reads a `.t` file.
public struct TranscriptCommand: Hashable, Sendable, Codable {
    /// The command text, continuation lines joined with `\n`, prompts removed.
    public var command: String
    /// The output lines written under the command, exactly (an empty list expects no output).
    public var expectedOutput: [String]
    /// The exit status written as `[N]` after the output; 0 when there is none.
    public var expectedExitStatus: Int
    /// The file line of the command's `$ ` prompt.
    public var line: Int
    /// The file line of the first expected output line (the line after the command when none).
    public var outputLine: Int

    public init(command: String, expectedOutput: [String], expectedExitStatus: Int = 0, line: Int, outputLine: Int) {
        self.command = command
        self.expectedOutput = expectedOutput
        self.expectedExitStatus = expectedExitStatus
        self.line = line
        self.outputLine = outputLine
    }
}
