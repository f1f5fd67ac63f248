import RunbookDocument

/// A problem lint reports: where, how serious, what, and which rule found it.
public struct Finding: Hashable, Sendable, Codable, Comparable {
    public var location: SourceLocation
    public var severity: Severity
    public var ruleID: String
    public var ruleAlias: String
    public var message: String

    public init(location: SourceLocation, severity: Severity, ruleID: String, ruleAlias: String, message: String) {
        self.location = location
        self.severity = severity
        self.ruleID = ruleID
        self.ruleAlias = ruleAlias
        self.message = message
    }

    /// `RB010/no-validation`.
    public var label: String { "\(ruleID)/\(ruleAlias)" }

    /// Document order, then rule id, so output never depends on the order rules ran in.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        (lhs.location.line, lhs.location.column, lhs.ruleID, lhs.message)
            < (rhs.location.line, rhs.location.column, rhs.ruleID, rhs.message)
    }
}
