/// What a step is expected to print, from an ```` ```output ```` block after it or from the
/// output lines of a `console` block.
///
/// Matching rules (cram and doctest conventions): a line `...` matches any number of lines, a
/// line ending in ` (re)` is a regular expression for one whole line, any other line matches
/// itself literally (trailing spaces ignored).
public struct ExpectedOutput: Hashable, Sendable, Codable {
    public var text: String
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The expected lines, without the final empty line a trailing newline would create.
    public var lines: [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
