import Foundation
import RunbookBytes
import Testing

@testable import RunbookDocument

@Suite("Document model")
struct DocumentTests {
    @Test("confirm values read as operators write them")
    func confirmation() {
        #expect(Confirmation(attributeValue: "true") == .yesNo)
        #expect(Confirmation(attributeValue: "") == .yesNo)
        #expect(Confirmation(attributeValue: "no") == Confirmation.none)
        #expect(Confirmation(attributeValue: "$POOL") == .variable("POOL"))
        #expect(Confirmation(attributeValue: "${POOL_2}") == .variable("POOL_2"))
        #expect(Confirmation(attributeValue: "$ not a name") == .phrase("$ not a name"))
        #expect(Confirmation(attributeValue: "  destroy media-pool ") == .phrase("destroy media-pool"))
        #expect(Confirmation.yesNo.isRequired && !Confirmation.none.isRequired)
    }

    @Test("Attributes: last value wins, flags, unknown keys")
    func attributes() {
        let attributes = Attributes([
            .init(key: "id", value: "a"), .init(key: "id", value: "b"),
            .init(key: "interactive", value: "false"), .init(key: "colour", value: "red"),
        ])
        #expect(attributes["id"] == "b")
        #expect(attributes.flag("interactive") == false)
        #expect(attributes.flag("missing") == nil)
        #expect(attributes.unknownKeys == ["colour"])
    }

    @Test("Fixed-point durations read as printf's %.Nf does")
    func fixedDurations() {
        #expect(DurationText.fixed(0, decimals: 2) == "0.00")
        #expect(DurationText.fixed(0.004, decimals: 2) == "0.00")
        #expect(DurationText.fixed(0.006, decimals: 2) == "0.01")
        #expect(DurationText.fixed(1.5, decimals: 2) == "1.50")
        #expect(DurationText.fixed(12.3456, decimals: 1) == "12.3")
        #expect(DurationText.fixed(9.999, decimals: 2) == "10.00")
        #expect(DurationText.fixed(3600.05, decimals: 0) == "3600")
        #expect(DurationText.fixed(-2.5, decimals: 2) == "-2.50")
        #expect(DurationText.fixed(-0.001, decimals: 2) == "0.00")
        #expect(DurationText.fixed(.infinity, decimals: 2) == "inf")
    }

    @Test("Priorities sort the most urgent first")
    func priorities() {
        #expect([Priority.low, .critical, .normal, .high].sorted() == [.critical, .high, .normal, .low])
    }

    @Test("Valid step ids are safe to type")
    func stepIDs() {
        #expect(Step.isValidID("take-snapshot_2.v1"))
        #expect(!Step.isValidID("take snapshot"))
        #expect(!Step.isValidID(""))
        #expect(!Step.isValidID("étape"))
    }

    @Test("A step's summary is its first non-blank line")
    func summary() {
        let step = Step(
            id: "s", title: "S", kind: .shell, command: "\n   \n  zfs list  \nmore\n",
            location: SourceLocation(file: "f", line: 1))
        #expect(step.summary == "zfs list")
    }

    @Test("Diagnostics print as compilers do")
    func diagnosticText() {
        let diagnostic = Diagnostic(
            .warning, code: "unclosed-fence", "Never closed.",
            at: SourceLocation(file: "a.md", line: 3, column: 4))
        #expect(diagnostic.description == "a.md:3:4: warning: Never closed. [unclosed-fence]")
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("Escapes wherever they fall in the eight-byte blocks")
    func escapesEverywhere() throws {
        for offset in 0..<17 {
            for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "\u{7F}"] {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 9)
                var writer = JSONWriter(capacity: 1)
                writer.string(text)
                let decoded = try JSONDecoder().decode(String.self, from: Data(writer.take()))
                #expect(decoded == text)
            }
        }
    }

    @Test("Long strings with escapes, above and below the direct-escape size")
    func longStrings() throws {
        for size in [1_000, 70_000] {
            let text = String(
                (0..<size).map { index in
                    index % 37 == 0 ? "\n" : index % 101 == 0 ? "\"" : index % 211 == 0 ? "\u{1}" : "é" as Character
                })
            var writer = JSONWriter(capacity: 16)
            writer.beginObject(); writer.key("k"); writer.string(text); writer.field("f", text); writer.endObject()
            let decoded = try JSONDecoder().decode([String: String].self, from: Data(writer.take()))
            #expect(decoded == ["k": text, "f": text])
        }
    }

    @Test("Numbers, booleans, locations and copies")
    func values() throws {
        var writer = JSONWriter(capacity: 1)
        writer.beginArray()
        for number in [0, 9, 10, -1, -10, Int.max, Int.min, 1234567] { writer.int(number) }
        // -0 as JSONEncoder writes it: the stored event payloads must stay byte-identical.
        writer.double(-0.0); writer.double(2.5); writer.double(1e20); writer.bool(true); writer.bool(false);
        writer.null()
        SourceLocation(file: "a\"b.md", line: 3, column: 14).writeJSON(to: &writer)
        SourceLocation(file: "a\"b.md", line: 4).writeJSON(to: &writer)
        SourceLocation(file: "c.md", line: 5).writeJSON(to: &writer)
        var copy = writer
        copy.endArray()
        writer.string("only in the original")
        writer.endArray()
        let text = String(decoding: writer.take(), as: UTF8.self)
        #expect(
            text == #"[0,9,10,-1,-10,9223372036854775807,-9223372036854775808,1234567,-0,2.5,1e+20,true,false,null,"#
                + #"{"file":"a\"b.md","line":3,"column":14},{"file":"a\"b.md","line":4,"column":1},{"file":"c.md","line":5,"column":1},"#
                + #""only in the original"]"#)
        #expect(String(decoding: copy.take(), as: UTF8.self).hasSuffix(#""column":1}]"#))
        #expect(writer.take().isEmpty)
    }
}
