import Foundation
import RunbookDocument
import RunbookRecords
import Testing

@testable import RunbookExecution

@Suite struct RedactorTests {
    @Test func redactsWholeAndLongestFirst() {
        let redactor = Redactor(secrets: ["SHORT": "abc", "LONG": "abcdef", "EMPTY": ""])
        #expect(redactor.redact("x abcdef y abc z") == "x [secret:LONG] y [secret:SHORT] z")
        #expect(redactor.restore("[secret:LONG]/[secret:SHORT]") == "abcdef/abc")
    }

    @Test func catchesSecretsSplitAcrossChunks() {
        let redactor = Redactor(secrets: ["TOKEN": "hunter2-secret"])
        let text = Array("before hunter2-secret middle hunter2-secret after hunter2".utf8)
        for cut in 0...text.count {
            var stream = redactor.makeStream()
            var output: [UInt8] = []
            text[..<cut].withUnsafeBytes { stream.process($0) { output += $0 } }
            text[cut...].withUnsafeBytes { stream.process($0) { output += $0 } }
            stream.finish { output += $0 }
            #expect(
                String(decoding: output, as: UTF8.self) == "before [secret:TOKEN] middle [secret:TOKEN] after hunter2",
                "cut at \(cut)")
        }
    }
}

@Suite struct OutputCaptureTests {
    @Test func keepsHeadAndTailAndCountsTheRest() {
        var capture = OutputCapture(headLimit: 4, tailLimit: 4)
        for piece in ["ab", "cdef", "ghij", "k", "lmnopq"] { Array(piece.utf8).withUnsafeBytes { capture.append($0) } }
        #expect(capture.totalBytes == 17)
        #expect(capture.droppedBytes == 9)
        #expect(String(decoding: capture.tailBytes, as: UTF8.self) == "nopq")
        #expect(capture.text == "abcd\n[… 9 bytes dropped …]\nnopq")
    }

    @Test func keepsEverythingWhenSmall() {
        var capture = OutputCapture(headLimit: 4, tailLimit: 4)
        Array("abcdefg".utf8).withUnsafeBytes { capture.append($0) }
        #expect(capture.droppedBytes == 0)
        #expect(capture.text == "abcdefg")
    }
}

@Suite struct ShellExportParserTests {
    @Test func readsBashDeclarations() {
        let text =
            "declare -x A=$'x\\ny\"z$w`\\\\q'\ndeclare -x B\ndeclare -x C=\"\"\ndeclare -x D=\"a \\\"q\\\" \\$HOME\"\n"
        let parsed = ShellExportParser.parse(Array(text.utf8)[...])
        #expect(parsed["A"] == .some("x\ny\"z$w`\\q"))
        #expect(parsed["B"] == .some(nil))
        #expect(parsed["C"] == .some(""))
        #expect(parsed["D"] == .some("a \"q\" $HOME"))
    }

    @Test func readsPosixShellExports() {
        let text = "export A='x\ny'\\''q'\nexport B='plain'\n"
        let parsed = ShellExportParser.parse(Array(text.utf8)[...])
        #expect(parsed["A"] == .some("x\ny'q"))
        #expect(parsed["B"] == .some("plain"))
    }
}

@Suite struct VariableResolverTests {
    let at = SourceLocation(file: "book.md", line: 3)

    @Test func precedenceIsOptionStoredEnvironmentDefault() throws {
        let declared = [
            Variable(name: "A", defaultValue: "default", location: at),
            Variable(name: "B", defaultValue: "default", location: at),
            Variable(name: "C", defaultValue: "default", location: at),
            Variable(name: "D", defaultValue: "default", location: at),
        ]
        let resolved = try VariableResolver(
            declared: declared, options: ["A": "option"], stored: ["A": "stored", "B": "stored"],
            environment: ["A": "env", "B": "env", "C": "env"]
        ).resolve()
        #expect(resolved.values == ["A": "option", "B": "stored", "C": "env", "D": "default"])
    }

    @Test func patternAndMissingValuesAreErrorsWithLocations() {
        let pool = Variable(name: "POOL", pattern: "^[a-z]+$", location: at)
        #expect(
            throws: EngineError.variableInvalid(
                name: "POOL", shownValue: "'Bad Pool'", pattern: "^[a-z]+$", location: at)
        ) {
            try VariableResolver(declared: [pool], options: ["POOL": "Bad Pool"], environment: [:]).resolve()
        }
        let secret = Variable(name: "TOKEN", pattern: "^[0-9]+$", isSecret: true, location: at)
        #expect(
            throws: EngineError.variableInvalid(
                name: "TOKEN", shownValue: "[secret:TOKEN]", pattern: "^[0-9]+$", location: at)
        ) {
            try VariableResolver(declared: [secret], options: ["TOKEN": "letters"], environment: [:]).resolve()
        }
        #expect(throws: EngineError.variableMissing(name: "POOL", location: at)) {
            try VariableResolver(declared: [Variable(name: "POOL", location: at)], environment: [:]).resolve()
        }
        #expect(
            EngineError.variableMissing(name: "POOL", location: at).description
                == "book.md:3:1: the variable POOL has no value; pass --var POOL=VALUE or set POOL in the environment.")
    }
}

@Suite struct RollbackPlannerTests {
    @Test func undoesCompletedStepsLatestFirstThenTheRest() throws {
        let text = """
            ## Rollback
            ```bash {id=undo-a undoes=a}
            echo a
            ```
            ```bash {id=cleanup}
            echo cleanup
            ```
            ```bash {id=undo-b undoes=b}
            echo b
            ```
            ```bash {id=undo-c undoes=c}
            echo c
            ```
            """
        let book = RunbookParserForTests.parse(text)
        let plan = RollbackPlanner.plan(book.rollback, completed: ["a", "b"])
        #expect(plan.map(\.id) == ["undo-b", "undo-a", "cleanup"])
    }
}
