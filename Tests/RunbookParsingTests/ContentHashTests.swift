import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookParsing

@Suite("Content hashes")
struct ContentHashTests {
    @Test(
        "SHA-256 matches the FIPS test vectors",
        arguments: [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (
                "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
            ),
            (
                String(repeating: "a", count: 1_000_000),
                "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
            ),
        ])
    func sha256(input: String, digest: String) {
        #expect(ContentHash.sha256Hex(of: Array(input.utf8)) == digest)
    }

    /// Lengths around the 64-byte block and the 56 bytes after which the length no longer fits
    /// the last block: where a digest's padding goes wrong. Digests from Python's hashlib.
    @Test(
        "SHA-256 pads messages that end at and around a block boundary correctly",
        arguments: [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
            (127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"),
            (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
            (129, "c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae"),
        ])
    func sha256AtBlockBoundaries(length: Int, digest: String) {
        #expect(ContentHash.sha256Hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: length)) == digest)
    }

    @Test("SHA-256 matches NIST's two-block message")
    func sha256OfTwoBlocks() {
        let message =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(
            ContentHash.sha256Hex(of: Array(message.utf8))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    static let sha256sumTool = "/usr/bin/sha256sum"

    @Test(
        "SHA-256 agrees with coreutils' sha256sum on random bytes of many lengths",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: sha256sumTool),
            "needs coreutils' sha256sum in /usr/bin to compare digests with"))
    func sha256AgainstSha256sum() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 31, 55, 56, 57, 63, 64, 65, 111, 112, 127, 128, 1000, 4096, 65_537] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = try sha256sum(bytes, tool: Self.sha256sumTool)
            #expect(ContentHash.sha256Hex(of: bytes) == expected, "length \(length)")
        }
    }

    private func sha256sum(_ bytes: [UInt8], tool: String) throws -> String {
        let run = try ProgramRun.run(tool, ["-"], input: Data(bytes))
        return String(decoding: run.stdout.prefix(64), as: UTF8.self)
    }

    @Test("A runbook's content hash is the hash of its file's bytes, BOM and CRLF included")
    func runbookHash() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# T\r\n".utf8)
        #expect(RunbookParser().parse(bytes: bytes, path: "t.md").contentHash == ContentHash.sha256Hex(of: bytes))
    }

    @Test("Text parsed with its already checked hash reads exactly as text hashed by the parser")
    func verifiedHash() {
        let text =
            "---\nid: deploy\ncontacts:\n  - name: Ana\n---\n# Deploy\n\n## Build\n```bash {id=build}\nmake\n```\n"
        let hashed = RunbookParser().parse(text: text, path: "deploy.md")
        let given = RunbookParser().parse(text: text, path: "deploy.md", verifiedHash: hashed.contentHash)
        #expect(given == hashed)
        #expect(given.steps.map(\.id) == ["build"])
    }

    @Test("Bytes that are not text are refused the same way whether or not a hash is given")
    func verifiedHashOfNonText() {
        let text = String(decoding: [0x23, 0x20, 0x00, 0x54], as: UTF8.self)
        let hashed = RunbookParser().parse(text: text, path: "t.md")
        let given = RunbookParser().parse(text: text, path: "t.md", verifiedHash: hashed.contentHash)
        #expect(given == hashed)
    }
}
