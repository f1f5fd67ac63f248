/// Turns a lint report into the text of one output format. Reporters never print: the CLI
/// writes what they return.
public protocol Reporter: Sendable {
    func render(_ report: LintReport) -> String
}

/// The output formats `runbook lint --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text
    case json
    case sarif
    case github

    /// The reporter for this format; `color` matters only for text.
    public func reporter(color: Bool = false) -> any Reporter {
        switch self {
        case .text: TextReporter(color: color)
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .github: GitHubReporter()
        }
    }

    /// True for formats whose output must be one document (the summary goes elsewhere).
    public var isMachineReadable: Bool { self == .json || self == .sarif }
}
