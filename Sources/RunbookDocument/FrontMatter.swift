/// The YAML block at the top of a runbook, as written.
///
/// The typed values live on `Runbook`; this keeps what lint needs to judge the block itself:
/// where it is, whether it was YAML at all, and every key with its location.
public struct FrontMatter: Hashable, Sendable, Codable {
    public struct Key: Hashable, Sendable, Codable {
        public var name: String
        public var location: SourceLocation
        public init(name: String, location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    /// The YAML text between the delimiters.
    public var text: String
    /// Where the opening `---` is.
    public var location: SourceLocation
    /// The first line after the closing delimiter.
    public var bodyStartLine: Int
    /// False when the block could not be read as a YAML mapping.
    public var isValidYAML: Bool
    /// Top-level keys in the order written.
    public var keys: [Key]

    public init(text: String, location: SourceLocation, bodyStartLine: Int, isValidYAML: Bool, keys: [Key]) {
        self.text = text
        self.location = location
        self.bodyStartLine = bodyStartLine
        self.isValidYAML = isValidYAML
        self.keys = keys
    }

    /// Keys that `runbook` gives a meaning to.
    public static let knownKeys: Set<String> = [
        "id", "title", "version", "category", "priority", "tags", "shell", "env", "cwd",
        "variables", "prerequisites", "validation", "rollback", "description", "owner", "expect",
        "test", "contacts", "changelog", "host", "hosts", "notify",
    ]

    /// Keys other tools put in front matter (Hugo, Docusaurus, Runme) that are not mistakes.
    public static let foreignKeys: Set<String> = [
        "weight", "date", "draft", "aliases", "menu", "type", "slug", "sidebar_position",
        "sidebar_label", "bookFlatSection", "bookCollapseSection", "bookHidden", "runme",
        "skipPrompts", "terminalRows", "keywords", "image", "layout", "author", "summary",
    ]

    public func location(ofKey name: String) -> SourceLocation? {
        keys.first(where: { $0.name == name })?.location
    }
}
