import Foundation
import RunbookDocument
import Testing

@testable import RunbookLint

@Suite struct ConfigurationTests {
    static let destructive = "---\ntitle: T\n---\n\n```bash\nzfs destroy tank/old\n```\n"

    func configuration(_ yaml: String) throws -> LintConfiguration {
        let directory = TemporaryDirectory()
        let file = directory.write(".runbook-lint.yml", yaml)
        return try LintConfigurationLoader().load(path: file)
    }

    @Test func disableById() throws {
        let findings = lint(Self.destructive, configuration: try configuration("disable: [RB012]\n"))
        #expect(findings.contains { $0.ruleID == "RB011" })
        #expect(!findings.contains { $0.ruleID == "RB012" })
    }

    @Test func disableByAliasAndTag() throws {
        let findings = lint(
            Self.destructive, configuration: try configuration("disable:\n  - no-validation\n  - safety\n"))
        #expect(!findings.contains { ["RB010", "RB011", "RB012", "RB013"].contains($0.ruleID) })
    }

    @Test func enableWinsOverATagDisabledInTheSameFile() throws {
        let findings = lint(Self.destructive, configuration: try configuration("disable: safety\nenable: [RB011]\n"))
        #expect(findings.map(\.ruleID).filter { $0.hasPrefix("RB01") && $0 < "RB014" } == ["RB011"])
    }

    @Test func severityOverrideAndOff() throws {
        let config = try configuration("severity:\n  RB012: error\n  destructive-without-confirm: note\n  RB013: off\n")
        let findings = lint(Self.destructive, configuration: config)
        #expect(findings.first { $0.ruleID == "RB012" }?.severity == .error)
        #expect(findings.first { $0.ruleID == "RB011" }?.severity == .note)
        #expect(!findings.contains { $0.ruleID == "RB013" })
    }

    @Test func extendsAppliesTheBaseFirst() throws {
        let directory = TemporaryDirectory()
        directory.write("base.yml", "disable: [RB012, RB013]\nseverity: { RB011: warning }\n")
        let child = directory.write("team/.runbook-lint.yml", "extends: ../base.yml\nenable: [RB013]\n")
        let config = try LintConfigurationLoader().load(path: child)
        #expect(config.disabled == ["RB012"])
        #expect(config.severity(for: "RB011") == .warning)
    }

    @Test func extendsLoopIsAnError() throws {
        let directory = TemporaryDirectory()
        let first = directory.write("a.yml", "extends: b.yml\n")
        directory.write("b.yml", "extends: a.yml\n")
        #expect(throws: LintConfigurationError.self) { try LintConfigurationLoader().load(path: first) }
    }

    @Test(arguments: [
        "disable: [RB999]\n", "disabel: [RB010]\n", "severity: { RB010: loud }\n", "- a list\n",
        "extends: missing.yml\n",
        "title: [unclosed\n",
    ])
    func badConfigurationIsAnErrorThatSaysWhy(_ yaml: String) {
        do {
            _ = try configuration(yaml)
            Issue.record("'\(yaml)' should be rejected")
        } catch {
            #expect("\(error)".contains(".runbook-lint.yml: "))
        }
    }

    @Test func nearestFileAboveTheRunbookApplies() throws {
        let directory = TemporaryDirectory()
        directory.write(".runbook-lint.yml", "disable: [RB010]\n")
        directory.write("team/.runbook-lint.yaml", "disable: [RB011]\n")
        let loader = LintConfigurationLoader()
        let top = try loader.configuration(forRunbookAt: directory.write("a.md", ""))
        let nested = try loader.configuration(forRunbookAt: directory.write("team/deep/b.md", ""))
        #expect(top.disabled == ["RB010"])
        #expect(nested.disabled == ["RB011"])
    }
}
