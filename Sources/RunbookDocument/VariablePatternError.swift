/// A pattern that is not a regular expression runbook can check.
public struct VariablePatternError: Error, Hashable, Sendable, CustomStringConvertible {
    public var pattern: String
    /// Why, as the end of a sentence: "the class opened at character 2 is never closed".
    public var reason: String

    public var description: String { "the pattern '\(pattern)' cannot be used: \(reason)" }
}
