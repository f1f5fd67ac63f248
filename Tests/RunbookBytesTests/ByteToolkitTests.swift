import Foundation
import Testing

@testable import RunbookBytes

#if canImport(Glibc)
import Glibc
#endif

/// The byte toolkit every layer writes and scans with: each helper against the plain
/// definition it replaces.
@Suite("Byte toolkit")
struct ByteToolkitTests {
    @Test(
        "decimals are spelled as String(value) spells them",
        arguments: [
            0, 1, 9, 10, 11, 99, 100, 12_345, -1, -9, -10, -12_345, Int.max, Int.min, 1 << 53,
        ])
    func decimals(value: Int) {
        var bytes: [UInt8] = [0x41]
        DecimalText.append(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "A" + String(value))
    }

    @Test(
        "JSON strings are escaped as JSONSerialization reads them back, short and long, escapes in every word position")
    func escaping() throws {
        let pieces = [
            "plain", "quote \"", "back\\slash", "nl\n", "cr\r", "tab\t", "bs\u{8}", "ff\u{C}", "bell\u{7}", "us\u{1F}",
            "é", "雪", "🚀", "del\u{7F}", String(repeating: "x", count: 70),
        ]
        for count in 1...4 {
            for start in pieces.indices {
                let text = (0..<count).map { pieces[(start + $0 * 3) % pieces.count] }.joined()
                var out: [UInt8] = []
                Array(text.utf8).withUnsafeBufferPointer { JSONEscaping.appendQuoted($0, to: &out) }
                let decoded =
                    try JSONSerialization.jsonObject(
                        with: Data(("[" + String(decoding: out, as: UTF8.self) + "]").utf8)) as? [String]
                #expect(decoded == [text], "\(text.debugDescription)")
                var writer = JSONWriter()
                writer.string(text)
                #expect(writer.take() == out, "JSONWriter and the export's quoting agree for \(text.debugDescription)")
            }
        }
        var out: [UInt8] = []
        Array("\u{8}\u{C}\u{1}".utf8).withUnsafeBufferPointer { JSONEscaping.appendQuoted($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == #""\b\f\u0001""#)
    }

    @Test("word tests answer what a byte-by-byte look answers")
    func words() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x0A, 0x1F, 0x20, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for _ in 0..<5_000 {
            let bytes = (0..<8).map { _ in interesting.randomElement(using: &generator)! }
            let word = bytes.withUnsafeBytes { ByteWord.load($0.baseAddress!) }
            #expect(
                ByteWord.needsJSONEscape(word) == bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }, "\(bytes)")
            #expect(ByteWord.hasNonASCII(word) == bytes.contains { $0 >= 0x80 }, "\(bytes)")
            #expect(ByteWord.count(word, ASCII.newline) == bytes.filter { $0 == 0x0A }.count, "\(bytes)")
            #expect(ByteWord.contains(word, ASCII.quote) == bytes.contains(0x22), "\(bytes)")
        }
    }

    @Test("writing everything to a full non-blocking pipe waits for the reader instead of spinning")
    func writeAllWaitsOnAFullPipe() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        defer { close(readEnd) }
        #expect(fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK) == 0)
        let payload = [UInt8](repeating: 0x61, count: 1 << 20)
        let reader = Thread {
            usleep(300_000) // the writer fills the pipe and must wait meanwhile
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while read(readEnd, &buffer, buffer.count) > 0 {}
        }
        reader.start()
        let started = Self.threadCPUSeconds()
        let written = DescriptorOutput.writeAll(payload, to: writeEnd)
        let cpu = Self.threadCPUSeconds() - started
        close(writeEnd)
        #expect(written)
        // A spin on EAGAIN burns the whole 0.3 s wait on the CPU.
        #expect(cpu < 0.15, "the writer used \(cpu) s of CPU while it waited")
    }

    /// The CPU time the calling thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// A JSON string's escapes read straight into a String, as appending them and decoding reads them.
@Suite("JSON unescaping into a String")
struct JSONUnescapingStringTests {
    @Test(
        "The String holds what the appended bytes decode to; a bad escape gives nil",
        arguments: [
            "", "plain", #"a\nb"#, #"\"quoted\" \\ \/"#, #"\t\r\b\f"#, #"\u00e9\u0041"#, #"\ud83d\ude00"#,
            #"\ud83d"#, #"\ude00"#, #"\x"#, #"end\"#, #"\u12"#, "é\u{0}", #"\u0000"#,
        ])
    func matchesAppend(json: String) {
        [UInt8](json.utf8).withUnsafeBufferPointer { text in
            var appended: [UInt8] = []
            let reference = JSONUnescaping.append(text, to: &appended) ? String(decoding: appended, as: UTF8.self) : nil
            #expect(JSONUnescaping.string(text) == reference, "\(json.debugDescription)")
        }
    }

    @Test("Bytes that are not UTF-8 are repaired as String(decoding:) repairs them")
    func repairs() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x5C, 0x6E, 0xC3]
        bytes.withUnsafeBufferPointer { text in
            #expect(JSONUnescaping.string(text) == String(decoding: [0x61, 0xFF, 0x0A, 0xC3], as: UTF8.self))
        }
    }
}
