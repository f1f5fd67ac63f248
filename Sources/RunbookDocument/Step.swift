/// One thing the operator does: a command to run or a manual action to confirm.
///
/// Prerequisites, validation and rollback items are steps too (see `phase`), whether they come
/// from the front matter or from a section whose heading names them, so every phase of a run is
/// handled by the same machinery.
public struct Step: Hashable, Sendable, Codable {
    /// Where the step came from.
    public enum Origin: String, Hashable, Sendable, Codable {
        case frontMatter = "front-matter"
        case document
    }

    /// Unique within the runbook; what records and `--from` refer to.
    public var id: String
    /// The id exactly as the author wrote it (`id=`, Runme's `name=`, or Pandoc's `#id`), if any.
    public var declaredID: String?
    /// Other names that refer to this step, such as a Runme ULID `id` when `name` is also given.
    public var aliases: [String]
    /// A short human label: the step's name, its section heading, or the task text.
    public var title: String
    public var kind: StepKind
    public var phase: Phase
    public var origin: Origin
    /// The shell text that runs (for `console` blocks, only the prompted commands); for a manual
    /// step, the sentence the operator confirms.
    public var command: String
    /// The block as written, for steps that come from a code block.
    public var block: CodeBlock?
    /// Index into `Runbook.sections` of the section holding the step.
    public var sectionIndex: Int?
    /// The prose between the previous step (or heading) and this one, as plain text.
    public var context: String
    public var expectedOutput: ExpectedOutput?
    /// For a `console` block with `$ ` prompts: each command with its own expected output and
    /// exit status. Nil for every other step.
    public var transcript: [TranscriptCommand]?
    /// The block's `expect=` attribute: what an output mismatch does (see `Expectation`).
    public var expectation: Expectation?
    public var confirmation: Confirmation
    /// Declared destructive by the author (`destructive=true`).
    public var isDestructive: Bool
    /// Seconds before the step is stopped (TERM, then KILL), from `timeout=5m`.
    public var timeout: Double?
    public var workingDirectory: String?
    /// Needs a terminal (Runme's `interactive`); the engine gives it a pseudo-terminal.
    public var isInteractive: Bool
    /// Runme's `ignore`/`excludeFromRunAll`: shown, but not run when running the whole document.
    public var isExcluded: Bool
    /// A task item written already ticked (`- [x]`).
    public var isChecked: Bool
    /// Runme's `tag` and `category` block attributes (comma-separated lists), for `--tag`.
    public var tags: [String]
    /// The hosts the step runs on, as written (`host=backup`, `hosts=a,b`, `host=@group`, or a
    /// front-matter item's `host:`); nil runs it where the runbook's default host says.
    public var host: String?
    public var location: SourceLocation

    public init(
        id: String, declaredID: String? = nil, aliases: [String] = [], title: String,
        kind: StepKind, phase: Phase = .main, origin: Origin = .document, command: String,
        block: CodeBlock? = nil, sectionIndex: Int? = nil, context: String = "",
        expectedOutput: ExpectedOutput? = nil, confirmation: Confirmation = .none,
        isDestructive: Bool = false, timeout: Double? = nil, workingDirectory: String? = nil,
        isInteractive: Bool = false, isExcluded: Bool = false, isChecked: Bool = false,
        tags: [String] = [], location: SourceLocation, transcript: [TranscriptCommand]? = nil,
        expectation: Expectation? = nil, host: String? = nil
    ) {
        self.host = host
        self.transcript = transcript
        self.expectation = expectation
        self.id = id
        self.declaredID = declaredID
        self.aliases = aliases
        self.title = title
        self.kind = kind
        self.phase = phase
        self.origin = origin
        self.command = command
        self.block = block
        self.sectionIndex = sectionIndex
        self.context = context
        self.expectedOutput = expectedOutput
        self.confirmation = confirmation
        self.isDestructive = isDestructive
        self.timeout = timeout
        self.workingDirectory = workingDirectory
        self.isInteractive = isInteractive
        self.isExcluded = isExcluded
        self.isChecked = isChecked
        self.tags = tags
        self.location = location
    }

    /// Capabilities the step needs (its block's `requires=openzfs`): a run that declares one of
    /// them missing skips the step and records why. Read from the block, so the document model
    /// and its JSON stay as they were.
    public var requires: [String] {
        block?.attributes["requires"].map(Capabilities.words) ?? []
    }

    /// How many hosts of a fanned-out step run at once (`parallel=N`); 1 (one after the other)
    /// when absent or not a positive number.
    public var parallelism: Int {
        block?.attributes["parallel"].flatMap { Int($0) }.map { max(1, $0) } ?? 1
    }

    /// The first non-blank line of the command, for one-line listings.
    public var summary: String {
        var rest = command[...]
        while !rest.isEmpty {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[rest.startIndex..<end].trimmingWhitespace()
            if !line.isEmpty { return line }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return ""
    }

    /// True when the step matches `reference` by id or alias.
    public func isNamed(_ reference: String) -> Bool {
        id == reference || declaredID == reference || aliases.contains(reference)
    }
}

extension Step {
    /// True for ids made of ASCII letters, digits, `.`, `_` and `-`: safe to type in a shell, a
    /// URL or a `--from` option.
    /// Read on the UTF-8 bytes: any byte outside ASCII belongs to a character that is not
    /// ASCII, and the lint asks this of every step.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                    true
                default:
                    false
                }
            }
    }
}
