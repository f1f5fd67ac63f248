import Testing
@testable import RunbookDocument

@Suite("Document model")
struct DocumentTests {
    @Test("SHA-256 matches the FIPS test vectors, across block boundaries", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ])
    func sha256(input: String, digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    @Test("Hashing in pieces equals hashing at once")
    func sha256Incremental() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        for size in [1, 63, 64, 65, 7, 800] where !bytes.isEmpty {
            let start = [1, 63, 64, 65, 7].prefix { $0 != size }.reduce(0, +)
            hasher.update(bytes[min(start, bytes.count)..<min(start + size, bytes.count)])
        }
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
    }

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
        let attributes = Attributes([.init(key: "id", value: "a"), .init(key: "id", value: "b"),
                                     .init(key: "interactive", value: "false"), .init(key: "colour", value: "red")])
        #expect(attributes["id"] == "b")
        #expect(attributes.flag("interactive") == false)
        #expect(attributes.flag("missing") == nil)
        #expect(attributes.unknownKeys == ["colour"])
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
        let step = Step(id: "s", title: "S", kind: .shell, command: "\n   \n  zfs list  \nmore\n",
                        location: SourceLocation(file: "f", line: 1))
        #expect(step.summary == "zfs list")
    }

    @Test("Diagnostics print as compilers do")
    func diagnosticText() {
        let diagnostic = Diagnostic(.warning, code: "unclosed-fence", "Never closed.",
                                    at: SourceLocation(file: "a.md", line: 3, column: 4))
        #expect(diagnostic.description == "a.md:3:4: warning: Never closed. [unclosed-fence]")
    }
}
