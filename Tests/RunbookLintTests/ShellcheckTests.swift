import Testing

@testable import RunbookLint

@Suite(.enabled(if: Shellcheck.locate() != nil, "shellcheck is not installed"))
struct ShellcheckTests {
    let shellcheck = Shellcheck.locate()

    @Test func findingsMapToTheRunbooksLinesAcrossBlocks() {
        let text = """
            ---
            title: T
            variables:
              POOL: tank
            ---

            ```bash
            echo "$POOL"
            ```

              ```console
              $ ls $UNQUOTED_DIR
              output line
              ```

            ```bash
            read -r TARGET
            rm -r $TARGET/cache
            ```

            """
        let findings = lint(text, only: "RB023", shellcheck: shellcheck)
        // The declared POOL is not unassigned; the console block is not checked; the unquoted
        // $TARGET in the last block is SC2086 at its own line and column.
        #expect(findings.map(\.message).allSatisfy { !$0.contains("POOL") })
        #expect(positions(findings, "RB023") == ["18:7"])
        #expect(findings.first?.message.hasPrefix("SC2086:") == true)
        #expect(findings.first?.severity == .note)
    }

    @Test func aBrokenBlockDoesNotHideTheOthers() {
        let text = "---\ntitle: T\n---\n\n```bash\necho \"unclosed\n```\n\n```bash\nrm -r $DIR/x\n```\n"
        let findings = lint(text, only: "RB023", shellcheck: shellcheck)
        #expect(findings.contains { $0.location.line == 6 && $0.severity == .error })
        #expect(findings.contains { $0.location.line == 10 && $0.message.hasPrefix("SC2086") })
    }

    @Test func offMeansOff() {
        #expect(lint("---\ntitle: T\n---\n\n```bash\nrm -r $DIR/x\n```\n", only: "RB023", shellcheck: nil).isEmpty)
    }
}
