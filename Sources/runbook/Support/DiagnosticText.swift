import RunbookKit

/// Diagnostics as compilers print them: `file:line:col: error: message [code]`.
enum DiagnosticText {
    static func render(_ diagnostics: [Diagnostic], style: TextStyle) -> String {
        diagnostics.map { diagnostic in
            let severity: String
            switch diagnostic.severity {
            case .error: severity = style.red("error")
            case .warning: severity = style.yellow("warning")
            case .note: severity = style.cyan("note")
            }
            return
                "\(style.bold(diagnostic.location.description)): \(severity): \(diagnostic.message) [\(diagnostic.code)]\n"
        }.joined()
    }
}
