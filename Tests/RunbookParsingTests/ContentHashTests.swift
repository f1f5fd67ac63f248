import Foundation
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
