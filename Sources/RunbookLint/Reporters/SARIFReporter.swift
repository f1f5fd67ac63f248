import Foundation
import RunbookDocument

/// SARIF 2.1.0, the format GitHub code scanning and most CI dashboards import.
///
/// One run; the tool's driver lists every rule with its help page, and each result points at
/// its rule by id and index. Keys are sorted so the output is stable.
public struct SARIFReporter: Reporter {
    public init() {}

    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    private struct Log: Encodable {
        var schema = SARIFReporter.schema
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    private struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var columnKind = "unicodeCodePoints"
    }

    private struct Tool: Encodable { var driver: Driver }

    private struct Driver: Encodable {
        var name = "runbook"
        var informationUri = "https://github.com/runbook-tool/runbook"
        var rules: [Rule]
    }

    private struct Message: Encodable {
        var text: String
        var markdown: String?
    }

    private struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: Message
        var helpUri: String
        var defaultConfiguration: Configuration
        var properties: Properties
    }

    private struct Configuration: Encodable { var level: String }
    private struct Properties: Encodable { var tags: [String] }

    private struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
    }

    private struct Location: Encodable { var physicalLocation: PhysicalLocation }

    private struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    private struct ArtifactLocation: Encodable { var uri: String }

    private struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    public func render(_ report: LintReport) -> String {
        let indices = Dictionary(uniqueKeysWithValues: report.rules.enumerated().map { ($1.id, $0) })
        let rules = report.rules.map { rule in
            Rule(
                id: rule.id, name: rule.alias,
                shortDescription: Message(text: rule.summary),
                fullDescription: Message(text: rule.rationale),
                help: Message(
                    text: "\(rule.rationale)\n\nHow to fix: \(rule.fix)",
                    markdown: "\(rule.rationale)\n\n**How to fix:** \(rule.fix)"),
                helpUri: rule.helpURI,
                defaultConfiguration: Configuration(level: Self.level(rule.severity)),
                properties: Properties(tags: rule.tags))
        }
        let results = report.findings.map { finding in
            Result(
                ruleId: finding.ruleID, ruleIndex: indices[finding.ruleID] ?? 0, level: Self.level(finding.severity),
                message: Message(text: finding.message),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uri(for: finding.location.file)),
                            region: Region(
                                startLine: max(1, finding.location.line), startColumn: max(1, finding.location.column)))
                    )
                ])
        }
        let log = Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(log)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative URI reference for the path: `/` separators, spaces and other reserved
    /// characters percent-encoded.
    static func uri(for path: String) -> String {
        var trimmed = path
        while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? trimmed
        return encoded.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
