import Foundation
import RunbookDocument
import Testing

@testable import RunbookLint

@Suite struct ReporterTests {
    static let report: LintReport = {
        let finding = Finding(
            location: SourceLocation(file: "docs/a b.md", line: 3, column: 2), severity: .warning,
            ruleID: "RB012", ruleAlias: "destructive-without-rollback", message: "50% done, then: stop,\nnow")
        let error = Finding(
            location: SourceLocation(file: "docs/a b.md", line: 1, column: 1), severity: .error,
            ruleID: "RB010", ruleAlias: "no-validation", message: "No validation.")
        return LintReport(
            files: [
                FileResult(path: "docs/a b.md", status: .linted, findings: [error, finding]),
                FileResult(path: "README.md", status: .skipped),
            ],
            rules: RuleRegistry.standard.descriptions)
    }()

    @Test func textIsFileLineColumnSeverityMessageLabelThenSummary() {
        let text = TextReporter().render(Self.report)
        #expect(
            text == """
                docs/a b.md:1:1: error: No validation. [RB010/no-validation]
                docs/a b.md:3:2: warning: 50% done, then: stop,
                now [RB012/destructive-without-rollback]
                1 error, 1 warning and 0 notes in 1 of 1 file (1 without front matter or commands skipped).

                """)
    }

    @Test func colourOnlyWhenAsked() {
        #expect(!TextReporter(color: false).render(Self.report).contains("\u{1B}["))
        #expect(TextReporter(color: true).render(Self.report).contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test func jsonIsStableWithSortedKeys() throws {
        let json = JSONReporter().render(Self.report)
        // Stable means sorted at every level, so that two runs over one tree diff clean.
        let topKeys = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == ["errors", "findings", "summary", "version"])
        #expect(json.hasSuffix("}\n"))
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let findings = object["findings"] as! [[String: Any]]
        #expect(findings.count == 2)
        #expect(findings[0]["rule"] as? String == "RB010")
        #expect(findings[0]["alias"] as? String == "no-validation")
        #expect(findings[1]["line"] as? Int == 3)
        #expect((object["summary"] as! [String: Int])["skipped"] == 1)
        let keys = json.split(separator: "\n").filter { $0.hasPrefix("      \"") }.map { $0.split(separator: "\"")[1] }
        #expect(Array(keys.prefix(7)) == ["alias", "column", "file", "line", "message", "rule", "severity"])
    }

    @Test func sarifHasTheStructureCodeScanningNeeds() throws {
        let sarif = SARIFReporter().render(Self.report)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as! [String: Any]
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(Set(log.keys) == ["$schema", "version", "runs"])
        let run = (log["runs"] as! [[String: Any]])[0]
        let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
        #expect(driver["name"] as? String == "runbook")
        let rules = driver["rules"] as! [[String: Any]]
        #expect(rules.count == RuleRegistry.standard.rules.count)
        for rule in rules {
            #expect(
                Set(rule.keys) == [
                    "id", "name", "shortDescription", "fullDescription", "help", "helpUri", "defaultConfiguration",
                    "properties",
                ])
            #expect((rule["helpUri"] as! String).hasSuffix("/docs/rules/\(rule["id"] as! String).md"))
            #expect(!((rule["help"] as! [String: String])["text"] ?? "").isEmpty)
            #expect(
                ["error", "warning", "note"].contains((rule["defaultConfiguration"] as! [String: String])["level"]))
        }
        let results = run["results"] as! [[String: Any]]
        #expect(results.count == 2)
        let second = results[1]
        #expect(second["ruleId"] as? String == "RB012")
        #expect(second["level"] as? String == "warning")
        #expect((rules[second["ruleIndex"] as! Int]["id"] as? String) == "RB012")
        let physical = ((second["locations"] as! [[String: Any]])[0]["physicalLocation"]) as! [String: Any]
        #expect((physical["artifactLocation"] as! [String: String])["uri"] == "docs/a%20b.md")
        #expect((physical["region"] as! [String: Int]) == ["startLine": 3, "startColumn": 2])
    }

    @Test func githubAnnotationsEscapeTheirParts() {
        let output = GitHubReporter().render(Self.report)
        let lines = output.split(separator: "\n")
        #expect(lines[0] == "::error file=docs/a b.md,line=1,col=1,title=RB010/no-validation::No validation.")
        #expect(
            lines[1]
                == "::warning file=docs/a b.md,line=3,col=2,title=RB012/destructive-without-rollback::50%25 done, then: stop,%0Anow"
        )
        #expect(GitHubReporter.escapeProperty("a:b,c") == "a%3Ab%2Cc")
        #expect(lines.last?.hasPrefix("1 error") == true)
    }

    @Test func summaryWithoutFindings() {
        let clean = LintReport(files: [FileResult(path: "a.md", status: .linted)], rules: [])
        #expect(clean.summary == "No problems found in 1 file.")
    }
}
