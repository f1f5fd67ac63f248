import Foundation
import RunbookDocument

/// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
///
/// `::error file=a.md,line=3,col=1,title=RB010/no-validation::message`
public struct GitHubReporter: Reporter {
    public init() {}

    public func render(_ report: LintReport) -> String {
        var output = ""
        for finding in report.findings {
            let command =
                switch finding.severity {
                case .error: "error"
                case .warning: "warning"
                case .note: "notice"
                }
            let properties = [
                "file=\(Self.escapeProperty(finding.location.file))",
                "line=\(finding.location.line)",
                "col=\(finding.location.column)",
                "title=\(Self.escapeProperty(finding.label))",
            ].joined(separator: ",")
            output += "::\(command) \(properties)::\(Self.escapeData(finding.message))\n"
        }
        for error in report.errors { output += "::error::\(Self.escapeData(error))\n" }
        output += report.summary + "\n"
        return output
    }

    /// Escaping GitHub's runner applies to the message part.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values also escape the separators `:` and `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
