import Testing

@testable import RunbookLint

@Suite struct DirectiveTests {
    /// Two undeclared variables on lines 6 and 10, each a RB014 finding.
    static func document(_ first: String = "", _ second: String = "", _ third: String = "") -> String {
        "---\ntitle: T\n---\n\(first)\n```bash\necho \"$ONE\"\n```\n\(second)\n```bash\necho \"$TWO\"\n```\n\(third)\n"
    }

    @Test func withoutDirectivesBothAreReported() {
        #expect(positions(lint(Self.document(), only: "RB014"), "RB014") == ["6:7", "10:7"])
    }

    @Test func disableNextLineCoversTheWholeFollowingBlock() {
        let text = Self.document("<!-- runbook-lint-disable-next-line RB014 -->")
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["10:7"])
    }

    @Test func disableNextLineForAnotherRuleChangesNothing() {
        let text = Self.document("<!-- runbook-lint-disable-next-line RB013 -->")
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["6:7", "10:7"])
    }

    @Test func disableUntilEnable() {
        let text = Self.document(
            "<!-- runbook-lint-disable undeclared-variable -->", "<!-- runbook-lint-enable undeclared-variable -->")
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["10:7"])
    }

    @Test func disableWithoutNamesCoversEveryRuleToTheEnd() {
        let text = Self.document("", "<!-- runbook-lint-disable -->")
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["6:7"])
    }

    @Test func disableByTagAndFile() {
        let text = Self.document("", "", "<!-- runbook-lint-disable-file variables -- demo document -->")
        #expect(lint(text, only: "RB014").isEmpty)
    }

    @Test func enableOneRuleAfterDisablingAll() {
        let text = Self.document("<!-- runbook-lint-disable -->", "<!-- runbook-lint-enable RB014 -->")
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["10:7"])
    }

    @Test func fileWideDirectiveSilencesWholeFileFindings() {
        let text = "---\ntitle: T\n---\n<!-- runbook-lint-disable-file RB010 -->\n\n```bash\nzpool status\n```\n"
        #expect(lint(text, only: "RB010").isEmpty)
        #expect(
            positions(
                lint(
                    text.replacingOccurrences(of: "<!-- runbook-lint-disable-file RB010 -->", with: ""), only: "RB010"),
                "RB010") == ["1:1"])
    }

    @Test func directivesInsideCodeBlocksAreNotDirectives() {
        let text = "---\ntitle: T\n---\n\n```bash\n# <!-- runbook-lint-disable-file -->\necho \"$ONE\"\n```\n"
        #expect(positions(lint(text, only: "RB014"), "RB014") == ["7:7"])
    }
}
