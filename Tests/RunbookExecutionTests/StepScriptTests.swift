import Foundation
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

    /// The session's bash wrapper enters the step's directory as `cd` would with no CDPATH,
    /// an exported CDPATH naming a directory of the same name notwithstanding.
    @Test(arguments: ["work", "./work"])
    func theWrapperIgnoresCDPATH(relative: String) throws {
        let root = NSTemporaryDirectory() + "runbook-cdpath-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        for directory in ["here/work", "elsewhere/work"] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        for directory in [root + "/here/work", relative] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [
                "-c", StepScript.bashWrapper(semantics: .runbook), "step", root + "/state", directory,
                "builtin printf '%s' \"$PWD\"",
            ]
            process.environment = ["CDPATH": root + "/elsewhere", "PATH": "/usr/bin:/bin"]
            process.currentDirectoryURL = URL(fileURLWithPath: root + "/here")
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(printed == root + "/here/work")
        }
    }
}
