import RunbookBytes
import RunbookDocument

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

extension CommandVerdict: JSONWritable {
    /// Written as `JSONEncoder` with sorted keys writes it (the encoding test holds the two together).
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("diff", diff)
        json.field("exitCode", exitCode)
        json.field("expectedExitCode", expectedExitCode)
        json.field("line", line)
        if let matched { json.field("matched", matched) }
        json.endObject()
    }
}

/// `StepFinishedPayload.commands` as one payload field: a JSON array of verdicts. (`Array` can
/// be a `PayloadValue` for one element type only, strings.)
struct CommandVerdictList: PayloadValue, JSONWritable {
    var verdicts: [CommandVerdict]

    init(_ verdicts: [CommandVerdict]) { self.verdicts = verdicts }

    init(from decoder: any Decoder) throws {
        verdicts = try decoder.singleValueContainer().decode([CommandVerdict].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(verdicts)
    }

    func writeJSON(to json: inout JSONWriter) { json.array(verdicts) }
}

extension StepFinishedPayload {
    /// `commands` in the form the payload schema reads and writes.
    var commandList: CommandVerdictList? {
        get { commands.map(CommandVerdictList.init) }
        set { commands = newValue?.verdicts }
    }
}
