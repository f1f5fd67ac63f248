/// An HTML comment in the document's prose (never one inside a code block), where lint
/// directives such as `<!-- runbook-lint-disable-next-line RB012 -->` live.
public struct HTMLComment: Hashable, Sendable, Codable {
    /// The text between `<!--` and `-->`, trimmed.
    public var text: String
    public var location: SourceLocation
    /// The last line the comment covers.
    public var endLine: Int

    public init(text: String, location: SourceLocation, endLine: Int) {
        self.text = text
        self.location = location
        self.endLine = endLine
    }
}
