import Testing

@testable import RunbookExecution

/// The arguments a spawned step gets: its text after as many newlines as put its first line on
/// the runbook's line, so bash's `$LINENO` and errors name the runbook's lines.
struct StepScriptTests {
    @Test(arguments: [1, 2, 3, 17, 1000])
    func theTextIsPaddedToItsFirstLine(firstLine: Int) {
        let arguments = StepScript.arguments(
            shell: "bash", wrapper: "w", command: "echo é", stateFile: "s", workingDirectory: "/", firstLine: firstLine)
        #expect(arguments.last == String(repeating: "\n", count: firstLine - 1) + "echo é")
        #expect(StepScript.newlines(firstLine - 1) == String(repeating: "\n", count: firstLine - 1))
    }
}
