/// A problem found in a runbook, pointing at the line that causes it.
///
/// Parsing never throws for bad content: it returns the best model it can build plus
/// diagnostics, so that one broken block does not hide the rest of the document.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    public var severity: Severity
    /// A short stable code, for example `front-matter-type` or `not-utf8`.
    public var code: String
    /// A sentence an operator can act on.
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    /// `file:line:col: error: message [code]`, the form compilers and editors understand.
    public var description: String { "\(location): \(severity.rawValue): \(message) [\(code)]" }
}
