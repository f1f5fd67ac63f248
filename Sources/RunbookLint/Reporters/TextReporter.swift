import RunbookDocument

/// `file:line:col: warning: message [RB010/no-validation]`, the form compilers use and editors
/// jump to, with a summary line at the end.
public struct TextReporter: Reporter {
    /// ANSI colours for the severity and the rule label, for terminals.
    public var color: Bool

    public init(color: Bool = false) { self.color = color }

    public func render(_ report: LintReport) -> String {
        var output = ""
        for finding in report.findings {
            let severity = paint(finding.severity.rawValue, code: Self.code(for: finding.severity))
            let location = paint(finding.location.description, code: "1")
            output += "\(location): \(severity): \(finding.message) \(paint("[\(finding.label)]", code: "2"))\n"
        }
        output += report.summary + "\n"
        return output
    }

    private static func code(for severity: Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;33"
        case .note: "1;36"
        }
    }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
