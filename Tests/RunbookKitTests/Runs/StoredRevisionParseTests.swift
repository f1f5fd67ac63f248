import RunbookDocument
import RunbookParsing
import RunbookRecords
import Testing

@testable import RunbookKit

@Suite struct StoredRevisionParseTests {
    static let text = "---\nid: deploy\n---\n# Deploy\n\n## Build\n```bash {id=build}\nmake\n```\n"

    @Test func aCheckedRevisionReadsAsItsTextParsedAndHashed() {
        let parsed = RunbookParser().parse(text: Self.text, path: "deploy.md")
        let revision = RunbookRevision(
            hash: parsed.contentHash.uppercased(), runbookID: "deploy", path: "deploy.md", title: "Deploy",
            version: nil, text: Self.text)
        #expect(RunbookParser().parse(storedRevision: revision) == parsed)
    }

    @Test func aRedactedRevisionIsHashedFromItsOwnText() {
        // A redacted text no longer hashes to the revision's hash, and nothing checked it: the
        // parse must not claim that hash for it.
        let revision = RunbookRevision(
            hash: String(repeating: "ab", count: 32), runbookID: "deploy", path: "deploy.md", title: "Deploy",
            version: nil, text: Self.text, isRedacted: true, isVerified: false)
        let parsed = RunbookParser().parse(storedRevision: revision)
        #expect(parsed.contentHash == RunbookParser().parse(text: Self.text, path: "deploy.md").contentHash)
        #expect(parsed.contentHash != revision.hash)
    }
}
