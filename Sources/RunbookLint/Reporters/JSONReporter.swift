import Foundation

/// A stable JSON document: keys sorted, findings in file and line order.
///
/// ```json
/// { "findings": [{ "column": 1, "file": "a.md", "line": 1, "message": "…",
///                  "rule": "RB010", "alias": "no-validation", "severity": "error" }],
///   "summary": { "errors": 1, "files": 1, "notes": 0, "skipped": 0, "warnings": 0 },
///   "version": 1 }
/// ```
public struct JSONReporter: Reporter {
    public init() {}

    private struct Document: Encodable {
        var version = 1
        var findings: [Entry]
        var summary: Summary
        var errors: [String]
    }

    private struct Entry: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var rule: String
        var alias: String
        var message: String
    }

    private struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var notes: Int
        var files: Int
        var skipped: Int
    }

    public func render(_ report: LintReport) -> String {
        let document = Document(
            findings: report.findings.map {
                Entry(
                    file: $0.location.file, line: $0.location.line, column: $0.location.column,
                    severity: $0.severity.rawValue, rule: $0.ruleID, alias: $0.ruleAlias, message: $0.message)
            },
            summary: Summary(
                errors: report.count(.error), warnings: report.count(.warning), notes: report.count(.note),
                files: report.lintedCount, skipped: report.skippedCount),
            errors: report.errors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
