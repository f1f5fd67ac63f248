import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("Reading file bytes")
struct SourceTextTests {
    @Test("A byte-order mark is ignored and line numbers stay the file's")
    func byteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("---\ntitle: BOM\n---\n# H\n```bash\necho hi\n```\n".utf8)
        let runbook = RunbookParser().parse(bytes: bytes, path: "bom.md")
        #expect(runbook.title == "BOM")
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.steps.first?.location.line == 5)
    }

    @Test("CRLF and lone CR line endings read as LF, with the file's line numbers")
    func lineEndings() {
        let text = "---\r\ntitle: CRLF\r\n---\r\n# H\r\n\r\n```bash\r\necho hi\r\n```\r\n- [ ] done\rnext\r"
        let runbook = RunbookParser().parse(bytes: Array(text.utf8), path: "crlf.md")
        #expect(runbook.title == "CRLF")
        #expect(runbook.steps.first?.command == "echo hi\n")
        #expect(runbook.steps.first?.location.line == 6)
        #expect(runbook.steps.last?.kind == .manual)
        #expect(runbook.steps.last?.location.line == 9)
    }

    @Test("Invalid UTF-8 is one error at the first bad byte")
    func invalidUTF8() {
        let bytes = Array("# Title\nok line\nbad ".utf8) + [0xC3, 0x28] + Array(" rest\n".utf8)
        let runbook = RunbookParser().parse(bytes: bytes, path: "latin1.md")
        #expect(runbook.diagnostics.count == 1)
        let diagnostic = runbook.diagnostics[0]
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.code == "not-utf8")
        #expect(diagnostic.location == SourceLocation(file: "latin1.md", line: 3, column: 5))
        #expect(runbook.allSteps.isEmpty)
    }

    @Test("A binary file is one error, not a crash")
    func binary() {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF, 0xFE]
        let runbook = RunbookParser().parse(bytes: bytes, path: "a.out")
        #expect(runbook.diagnostics.map(\.code) == ["binary-file"])
        #expect(runbook.diagnostics[0].location.column == 7)
    }

    @Test("Overlong encodings and surrogates are rejected")
    func overlongAndSurrogates() {
        for bad in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80]] as [[UInt8]] {
            let runbook = RunbookParser().parse(bytes: Array("x".utf8) + bad, path: "bad.md")
            #expect(runbook.diagnostics.map(\.code) == ["not-utf8"])
        }
    }

    @Test("An empty file is an empty runbook")
    func empty() {
        let runbook = RunbookParser().parse(bytes: [], path: "empty.md")
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.title == "empty")
        #expect(!runbook.looksLikeRunbook)
    }
}
