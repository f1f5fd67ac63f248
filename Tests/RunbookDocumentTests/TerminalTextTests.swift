import Testing

@testable import RunbookDocument

@Suite struct TerminalTextTests {
    @Test("lines and tabs pass as they are; every other control character is made visible")
    func onlyNewlineAndTabPass() {
        let plain = Array("{\n\t\"title\" : \"Backup\",\n\t\"note\" : \"é 雪\"\n}\n".utf8)
        #expect(!TerminalText.mayChange(plain))
        #expect(TerminalText.filtered(plain, mode: .plain) == plain)
        for hostile in ["a\u{1B}]0;owned\u{07}b\n", "a\rb\n", "a\u{08}b\n", "a\u{7F}b\n", "a\u{9B}2Jb\n"] {
            let bytes = Array(hostile.utf8)
            #expect(TerminalText.mayChange(bytes), "\(hostile.debugDescription)")
            let shown = TerminalText.filtered(bytes, mode: .plain)
            #expect(shown != bytes, "\(hostile.debugDescription) went out unchanged")
            #expect(!shown.contains(0x1B) && !shown.contains(0x07) && !shown.contains(0x08) && !shown.contains(0x7F))
        }
    }
}
