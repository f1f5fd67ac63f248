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

    @Test("the word-at-a-time scan finds a suspect byte at every position, and passes clean text")
    func wordScanAgreesWithTheByteTest() {
        let clean = Array("ab\n\t é ~ 0123456789 {}\"".utf8)
        for length in 0...40 {
            let text = (0..<length).map { clean[$0 % clean.count] }
            #expect(!text.withUnsafeBufferPointer { TerminalText.mayChange(buffer: $0) }, "\(length) clean bytes")
            for position in 0..<length {
                for suspect: UInt8 in [0x00, 0x07, 0x08, 0x0D, 0x1B, 0x1F, 0x7F, 0xC2] {
                    var hostile = text
                    hostile[position] = suspect
                    #expect(
                        hostile.withUnsafeBufferPointer { TerminalText.mayChange(buffer: $0) },
                        "\(suspect) at \(position) of \(length)")
                }
            }
        }
    }

    /// The reference the vector scan must agree with: the byte test spelled out.
    private static func firstSuspectByteByByte(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F || byte == 0xC2 { return index }
            index += 1
        }
        return max(start, bytes.count)
    }

    @Test("the sixteen-byte scan finds the same first suspect byte as a byte-by-byte test, for every byte value")
    func vectorScanAgreesWithTheByteTest() {
        // Clean text with the bytes next to each suspect range: 0x08/0x09/0x0A/0x0B, 0x1F/0x20,
        // 0x7E/0x80, 0xC1/0xC3; lengths around the 16- and 64-byte blocks; starts inside them.
        let clean: [UInt8] = [0x41, 0x09, 0x0A, 0x20, 0x7E, 0x80, 0xC1, 0xC3, 0xFF, 0x9B, 0x21, 0x30]
        var disagreements: [String] = []
        for length in [0, 1, 15, 16, 17, 63, 64, 65, 80, 127, 128, 129, 143] {
            let text = (0..<length).map { clean[($0 * 7) % clean.count] }
            for start in [0, 1, 17, 64] where start <= length {
                let expected = Self.firstSuspectByteByByte(text, from: start)
                let found = text.withUnsafeBufferPointer { TerminalText.firstSuspect(in: $0, from: start) }
                if found != expected { disagreements.append("clean, length \(length) from \(start): \(found)") }
            }
            for position in stride(from: 0, to: length, by: length > 70 ? 3 : 1) {
                for value in 0...255 {
                    var bytes = text
                    bytes[position] = UInt8(value)
                    for start in [0, 17] where start <= length {
                        let expected = Self.firstSuspectByteByByte(bytes, from: start)
                        let found = bytes.withUnsafeBufferPointer { TerminalText.firstSuspect(in: $0, from: start) }
                        if found != expected {
                            disagreements.append(
                                "\(value) at \(position) of \(length) from \(start): \(found), not \(expected)")
                        }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }

    @Test("text around suspect bytes goes out as it came, wherever a word boundary falls")
    func cleanRunsAroundSuspectBytes() {
        // Each piece and what `.plain` makes of it, whatever comes before or after it.
        let pieces: [(input: String, shown: String)] = [
            ("plain text, 雪 and é ", "plain text, 雪 and é "),
            ("a middle dot · and a degree ° ", "a middle dot · and a degree ° "),
            ("\u{1B}]0;owned\u{07}", "^[]0;owned^G"),
            ("\u{9B}2J", "<9B>2J"),
            ("line\r\n", "line\r\n"),
            ("\u{7F}", "^?"),
            ("\t{\"k\":1}\n", "\t{\"k\":1}\n"),
        ]
        for shift in 0..<9 {
            for first in pieces.indices {
                var input = String(repeating: "x", count: shift), shown = input
                for offset in 0..<pieces.count {
                    let piece = pieces[(first + offset) % pieces.count]
                    input += piece.input
                    shown += piece.shown
                }
                #expect(
                    TerminalText.filtered(Array(input.utf8), mode: .plain) == Array(shown.utf8),
                    "\(input.debugDescription)")
            }
        }
    }
}
