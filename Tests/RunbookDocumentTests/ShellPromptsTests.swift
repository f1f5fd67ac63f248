import RunbookDocument
import Testing

@Suite("Shell prompts removed as Runme removes them")
struct ShellPromptsTests {
    @Test("A leading '$ ' is removed from each line; other lines and indentation are kept")
    func stripsPrompts() {
        let stripped = ShellPrompts.strip("$ export GREETING=hi\n  $ echo \"$GREETING\"\necho plain\n$\n")
        #expect(stripped.text == "export GREETING=hi\n  echo \"$GREETING\"\necho plain\n\n")
        #expect(stripped.removed == [2, 2, 0, 1, 0])
        #expect(stripped.hadPrompts)
    }

    @Test("Here-document bodies survive, even lines in them that start with '$ '")
    func keepsHereDocumentBodies() {
        let code = """
            $ cat > notes.txt <<'EOF'
            $ this line is data
            plain data
            EOF
            $ cat <<-END | wc -l
            \t$ also data
            \tEND
            $ wc -l <<< "$ here-string, not a here-document"
            $ echo done

            """
        let stripped = ShellPrompts.strip(code)
        #expect(
            stripped.text == """
                cat > notes.txt <<'EOF'
                $ this line is data
                plain data
                EOF
                cat <<-END | wc -l
                \t$ also data
                \tEND
                wc -l <<< "$ here-string, not a here-document"
                echo done

                """)
    }

    @Test("Text without prompts is returned unchanged; '$' inside a line is no prompt")
    func leavesOtherTextAlone() {
        let code = "echo \"$ not a prompt\" # <<EOF in a comment\n$HOME/bin/tool\n"
        let stripped = ShellPrompts.strip(code)
        #expect(stripped.text == code)
        #expect(!stripped.hadPrompts)
    }

    /// The byte-at-a-time reading `mayHavePrompt` replaced: what it must still answer.
    private static func referenceMayHavePrompt(_ code: String) -> Bool {
        var atLineStart = true
        var previousWasDollar = false
        for byte in code.utf8 {
            if previousWasDollar, byte == 0x20 || byte == 0x0A { return true }
            previousWasDollar = false
            if byte == 0x0A {
                atLineStart = true
            } else if atLineStart, byte == 0x20 || byte == 0x09 {
                continue
            } else {
                previousWasDollar = atLineStart && byte == 0x24
                atLineStart = false
            }
        }
        return previousWasDollar
    }

    @Test(
        "The quick prompt test finds a '$' starting a line wherever the line-by-line reading does",
        arguments: [
            "", "$", "$ ", " $", "\t$ x", "a $ b", "echo $HOME", "x\n$", "x\n  $ y", "x\n$y", "$$ x", "a\n\t \t$\n",
            "echo \"$ not\"", "  \n$ ", "é\n $ ok", "$\u{301} x", "\n\n", "a$ b\n c$ d",
        ])
    func quickPromptTest(code: String) {
        #expect(ShellPrompts.mayHavePrompt(code) == Self.referenceMayHavePrompt(code), "\(code.debugDescription)")
    }
}
