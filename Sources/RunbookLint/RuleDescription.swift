import RunbookDocument

/// Everything a reader, a config file or a SARIF consumer needs to know about one rule.
///
/// The id (`RB010`) never changes once released; the alias (`no-validation`) is what people
/// type; tags group rules so a config can switch a family on or off at once.
public struct RuleDescription: Hashable, Sendable {
    /// A Markdown snippet and, when it triggers, the 1-based line and column the finding must
    /// point at (counted in the snippet). The documentation pages and the tests both use them.
    public struct Example: Hashable, Sendable {
        public var markdown: String
        public var line: Int?
        public var column: Int?

        /// An example that must not trigger the rule.
        public init(_ markdown: String) {
            self.markdown = markdown
        }

        /// An example that triggers the rule at `line`:`column`.
        public init(_ markdown: String, line: Int, column: Int) {
            self.markdown = markdown
            self.line = line
            self.column = column
        }
    }

    public var id: String
    public var alias: String
    public var tags: [String]
    public var severity: Severity
    /// One line: what the rule finds.
    public var summary: String
    /// Why it matters, for the documentation page and SARIF's help text.
    public var rationale: String
    /// How to make the finding go away properly.
    public var fix: String
    public var triggering: [Example]
    public var nonTriggering: [Example]

    public init(
        id: String, alias: String, tags: [String], severity: Severity, summary: String,
        rationale: String, fix: String, triggering: [Example], nonTriggering: [Example]
    ) {
        self.id = id
        self.alias = alias
        self.tags = tags
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }

    /// `RB010/no-validation`, the label text output puts after each message.
    public var label: String { "\(id)/\(alias)" }

    /// Where the rule's page lives, for SARIF and the text of `--list-rules`.
    public var helpURI: String { RuleDescription.documentationBase + id + ".md" }

    /// The published location of `docs/rules/`; pages are named `<ID>.md`.
    public static let documentationBase = "https://github.com/runbook-tool/runbook/blob/main/docs/rules/"
}
