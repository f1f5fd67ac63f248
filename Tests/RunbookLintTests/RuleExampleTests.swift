import Testing

@testable import RunbookLint

/// Every rule's documented examples are its tests: each triggering example must be reported at
/// exactly the line and column it names, and no non-triggering example may be reported.
@Suite struct RuleExampleTests {
    static let rules = RuleRegistry.standard.descriptions
    static let ids = rules.map(\.id)
    static let shellcheck = Shellcheck.locate()

    /// RB023 reports what shellcheck finds, so its examples have their own test that skips,
    /// saying why, where shellcheck is missing.
    static let shellcheckRule = "RB023"

    @Test(arguments: ids.filter { $0 != shellcheckRule })
    func triggeringExamplesReportTheirPosition(_ id: String) {
        let rule = RuleRegistry.standard.description(of: id)!
        #expect(!rule.triggering.isEmpty, "every rule documents a triggering example")
        for example in rule.triggering {
            let findings = lint(example.markdown, only: rule.id, shellcheck: Self.shellcheck)
            #expect(
                positions(findings, rule.id).contains("\(example.line!):\(example.column!)"),
                "\(rule.id) should report \(example.line!):\(example.column!) in:\n\(example.markdown)\ngot \(findings)"
            )
        }
    }

    @Test(
        .enabled(
            if: shellcheck != nil,
            "shellcheck is not installed (apt-get install shellcheck), so RB023 cannot find anything"))
    func shellcheckRuleExamplesReportTheirPosition() {
        triggeringExamplesReportTheirPosition(Self.shellcheckRule)
    }

    @Test(arguments: ids)
    func nonTriggeringExamplesStayQuiet(_ id: String) {
        let rule = RuleRegistry.standard.description(of: id)!
        #expect(!rule.nonTriggering.isEmpty, "every rule documents a non-triggering example")
        for example in rule.nonTriggering {
            let findings = lint(example.markdown, only: rule.id, shellcheck: Self.shellcheck)
            #expect(
                positions(findings, rule.id).isEmpty,
                "\(rule.id) should not report:\n\(example.markdown)\ngot \(findings)")
        }
    }

    @Test func idsAliasesAndLabelsAreUniqueAndStable() {
        let rules = Self.rules
        #expect(Set(rules.map(\.id)).count == rules.count)
        #expect(Set(rules.map(\.alias)).count == rules.count)
        #expect(rules.first { $0.alias == "no-validation" }?.id == "RB010")
        for rule in rules {
            #expect(rule.id.hasPrefix("RB") && rule.id.count == 5)
            #expect(!rule.tags.isEmpty)
            #expect(Set(rules.flatMap(\.tags)).isDisjoint(with: rules.map(\.alias)), "a tag must not shadow an alias")
        }
    }

    @Test func everyParserDiagnosticCodeHasARule() {
        let codes: Set<String> = [
            "front-matter-invalid", "front-matter-unterminated", "front-matter-type",
            "front-matter-unknown-key", "unclosed-fence", "block-attributes", "not-utf8", "binary-file",
        ]
        // RB006 takes every code not mapped elsewhere, so a new parser code is never dropped.
        let unknown = lint("---\ntitle: T\n---\n\u{0}", only: "RB006")
        #expect(unknown.count == 1)
        #expect(LintContext.mappedParserCodes.isSubset(of: codes))
    }
}
