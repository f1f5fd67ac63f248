import RunbookDocument

/// A check over one parsed runbook.
///
/// Rules only read the model and return what they found; the linter attaches the rule's id,
/// applies the configuration and inline directives, and decides the final severity.
public protocol Rule: Sendable {
    var description: RuleDescription { get }
    func check(_ context: LintContext) -> [Violation]
}

/// One problem as a rule reports it, before configuration and directives are applied.
public struct Violation: Hashable, Sendable {
    public var location: SourceLocation
    public var message: String
    /// Set when one finding is more or less serious than the rule's default (shellcheck's own
    /// levels, for example); a severity from the configuration still wins.
    public var severity: Severity?

    public init(at location: SourceLocation, _ message: String, severity: Severity? = nil) {
        self.location = location
        self.message = message
        self.severity = severity
    }
}
