import RunbookDocument
import Testing

@testable import RunbookParsing

/// `console` blocks read the way cram reads a `.t` transcript.
@Suite struct ConsoleTranscriptTests {
    @Test("Each $ command has its own expected output, blank lines included")
    func commandsAndOutput() {
        let transcript = ConsoleTranscript("$ printf '\\nfoo\\n'\n\nfoo\n$ true\n$ echo x\nx\n", firstLine: 10)
        #expect(
            transcript.entries == [
                TranscriptCommand(
                    command: "printf '\\nfoo\\n'", expectedOutput: ["", "foo"], line: 10, outputLine: 11),
                TranscriptCommand(command: "true", expectedOutput: [], line: 13, outputLine: 14),
                TranscriptCommand(command: "echo x", expectedOutput: ["x"], line: 14, outputLine: 15),
            ])
        #expect(transcript.commands == "printf '\\nfoo\\n'\ntrue\necho x\n")
    }

    @Test("> lines continue the command: heredocs, functions, loops; a trailing backslash too")
    func continuations() {
        let transcript = ConsoleTranscript("$ cat <<EOF\n> a\n>\n> EOF\na\n\n$ ls \\\n-la\nout\n> not a continuation\n")
        #expect(transcript.entries.map(\.command) == ["cat <<EOF\na\n\nEOF", "ls \\\n-la"])
        #expect(transcript.entries.map(\.expectedOutput) == [["a", ""], ["out", "> not a continuation"]])
    }

    @Test("A last output line [N] is the expected exit status; elsewhere it is output")
    func exitStatus() {
        let transcript = ConsoleTranscript(
            "$ false\n[1]\n$ grep x missing\ngrep: missing: No such file or directory\n[2]\n$ echo '[3]'\n[3]\nmore\n")
        #expect(transcript.entries.map(\.expectedExitStatus) == [1, 2, 0])
        #expect(
            transcript.entries.map(\.expectedOutput) == [
                [], ["grep: missing: No such file or directory"], ["[3]", "more"],
            ])
        #expect(ConsoleTranscript("$ x\n[256]\n").entries.first?.expectedExitStatus == 0)
        #expect(ConsoleTranscript("$ x\n[-1]\n").entries.first?.expectedOutput == ["[-1]"])
    }

    @Test("Blank lines at the end of the block are not output; lines before the first prompt are commentary")
    func edges() {
        let transcript = ConsoleTranscript("intro\n$ echo a\na\n\n\n")
        #expect(transcript.entries.map(\.expectedOutput) == [["a"]])
        #expect(transcript.commands == "echo a\n")
    }

    @Test("A console block's transcript and expect= reach the step; a bad expect= is a warning")
    func parsedSteps() {
        let text =
            "# T\n\n## Check\n\n```console {expect=strict}\n$ false\n[1]\n```\n\n```bash {expect=sometimes}\ntrue\n```\n"
        let runbook = RunbookParser().parse(text: text, path: "t.md")
        #expect(runbook.steps.first?.transcript?.first?.expectedExitStatus == 1)
        #expect(runbook.steps.first?.transcript?.first?.line == 6)
        #expect(runbook.steps.first?.expectation == .strict)
        #expect(runbook.steps.last?.transcript == nil)
        #expect(runbook.steps.last?.expectation == nil)
        #expect(runbook.diagnostics.map(\.code) == ["block-attributes"])
        #expect(runbook.diagnostics.first?.location.line == 10)
    }

    @Test("Front matter expect: sets the default; validation always counts a mismatch")
    func frontMatterExpectation() {
        let strict = RunbookParser().parse(text: "---\nexpect: strict\n---\n\n```bash\ntrue\n```\n", path: "t.md")
        #expect(strict.expectation == .strict)
        #expect(strict.expectation(of: strict.steps[0]) == .strict)
        let plain = RunbookParser().parse(
            text: "---\ntitle: T\nvalidation:\n  - run: 'true'\n    expect: x\n---\n\n```bash\ntrue\n```\n",
            path: "t.md")
        #expect(plain.expectation(of: plain.steps[0]) == .deviation)
        #expect(plain.expectation(of: plain.validation[0]) == .strict)
        let wrong = RunbookParser().parse(text: "---\nexpect: maybe\n---\n", path: "t.md")
        #expect(wrong.diagnostics.map(\.code) == ["front-matter-type"])
    }
}
