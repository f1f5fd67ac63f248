import Foundation
import Testing

@testable import RunbookParsing

@Suite("Directory search")
struct MarkdownFileFinderTests {
    /// A Git working tree with ignored build output, drafts and generated docs.
    func tree() throws -> String {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-finder-" + UUID().uuidString)
        let files = [
            ".gitignore": "# build output\nbuild/\n*.draft.md\n!keep.draft.md\n/docs/generated/**\n",
            "a.md": "", "build/b.md": "", "x.draft.md": "", "keep.draft.md": "",
            "docs/generated/sub/c.md": "", "docs/d.md": "", "docs/build/e.md": "",
            "sub/.gitignore": "local.md\n", "sub/local.md": "", "sub/other.md": "", "other/local.md": "",
        ]
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        for (name, text) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test("Files and directories .gitignore ignores are left out of a walk")
    func honoursGitignore() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = MarkdownFileFinder.files(in: [root]).map { String($0.path.dropFirst(root.count + 1)) }
        #expect(found == ["a.md", "docs/d.md", "keep.draft.md", "other/local.md", "sub/other.md"])
    }

    @Test("The rules of .gitignore files above the walked directory apply; a named file is always read")
    func honoursEnclosingGitignore() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = MarkdownFileFinder.files(in: [root + "/docs", root + "/build/b.md"]).map {
            String($0.path.dropFirst(root.count + 1))
        }
        #expect(found == ["docs/d.md", "build/b.md"])
    }
}
