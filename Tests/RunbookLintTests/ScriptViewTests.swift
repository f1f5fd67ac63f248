import RunbookDocument
import RunbookParsing
import Testing

@testable import RunbookLint

/// Lint sees a transcript's commands as the engine runs them.
@Suite struct ScriptViewTests {
    @Test("A console block's > lines are part of the command, output lines are blanked, lines keep their place")
    func transcriptContinuations() throws {
        let text =
            "# T\n\n```console\n$ cat <<EOF\n> body\n>\n> EOF\nbody\n\n> output, not a continuation\n$ ls \\\n-la\n```\n"
        let runbook = RunbookParser().parse(text: text, path: "t.md")
        let view = try #require(ScriptView(step: runbook.steps[0]))
        #expect(String(decoding: view.text, as: UTF8.self) == "cat <<EOF\nbody\n\nEOF\n\n\n\nls \\\n-la\n")
        let body = try #require(String(decoding: view.text, as: UTF8.self).range(of: "body")).lowerBound.utf16Offset(
            in: String(decoding: view.text, as: UTF8.self))
        #expect(view.location(ofOffset: body) == SourceLocation(file: "t.md", line: 5, column: 3))
    }
}
