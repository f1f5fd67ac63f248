import RunbookDocument
import Testing

@testable import RunbookLint

/// `$ ` prompts in shell blocks are removed before the block runs; lint says so and reads the
/// block as it runs.
@Suite struct PromptInShellBlockTests {
    static let readme = """
        # Setup

        ```bash
        $ export GREETING=hello
        $ cat > out.txt <<EOF
        $ not a prompt: here-document data
        EOF
        $ echo "$GREETING"
        ```

        """

    @Test func aPromptIsANoteWithAdviceToRemoveItNotToRelabelTheBlock() throws {
        let findings = lint(Self.readme, only: "RB020")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .note)
        #expect("\(finding.location.line):\(finding.location.column)" == "4:1")
        #expect(finding.message.contains("removed before it runs"))
        #expect(!finding.message.contains("label it 'console'"))
    }

    @Test func promptsCauseNoUndeclaredVariableFindings() {
        #expect(positions(lint(Self.readme, only: "RB014"), "RB014").isEmpty)
        // Without the prompt, the reference is still checked, at its own column.
        #expect(positions(lint("```bash\n$ echo \"$MISSING\"\n```\n", only: "RB014"), "RB014") == ["2:9"])
    }

    @Test func promptsOnlyInsideAHereDocumentAreNoPrompts() {
        #expect(lint("```bash\ncat <<EOF\n$ data\nEOF\n```\n", only: "RB020").isEmpty)
    }
}

@Suite struct FenceWithoutLanguageInRunmeDocumentTests {
    @Test func aLanguageLessFenceIsAStepInARunmeDocumentSoItIsNotReported() {
        let runme = "---\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n---\n\n```\nsudo systemctl restart nginx\n```\n"
        #expect(lint(runme, only: "RB019").isEmpty)
        let runbook = "---\nid: restart\n---\n\n```\nsudo systemctl restart nginx\n```\n"
        #expect(positions(lint(runbook, only: "RB019"), "RB019") == ["5:1"])
    }
}
