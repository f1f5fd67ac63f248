/// A fenced or indented code block exactly as the document holds it.
public struct CodeBlock: Hashable, Sendable, Codable {
    /// The first word of the info string, lower-cased (`bash`, `console`, `yaml`); empty if none.
    public var language: String
    /// The info string as written after the fence.
    public var info: String
    public var attributes: Attributes
    /// The block's content, lines joined with `\n`, ending with a newline when non-empty.
    public var code: String
    /// Where the opening fence is.
    public var location: SourceLocation
    /// The file line holding the first line of `code`.
    public var firstCodeLine: Int
    /// False when the fence is never closed and the block runs to the end of the file.
    public var isClosed: Bool
    /// True for indented (non-fenced) code blocks, which carry no info string.
    public var isIndented: Bool

    public init(
        language: String, info: String, attributes: Attributes, code: String,
        location: SourceLocation, firstCodeLine: Int, isClosed: Bool = true, isIndented: Bool = false
    ) {
        self.language = language
        self.info = info
        self.attributes = attributes
        self.code = code
        self.location = location
        self.firstCodeLine = firstCodeLine
        self.isClosed = isClosed
        self.isIndented = isIndented
    }

    /// Languages whose blocks are steps the engine runs.
    public static let shellLanguages: Set<String> = ["bash", "sh", "shell", "zsh"]
    /// The doc-test language: `$ ` lines are commands, the lines between them expected output.
    public static let consoleLanguages: Set<String> = ["console", "shell-session", "shellsession"]
    /// Languages that hold a step's expected output when they follow it.
    public static let outputLanguages: Set<String> = ["output"]
}
