import Foundation
import RunbookBytes
import Testing

@Suite("PathText")
struct PathTextTests {
    @Test("the directory of a path, as NSString gives it where NSString does not trap")
    func directoryAsFoundationGivesIt() {
        for path in [
            "a/b", "/x", "a/b/", "/", "", "ab", "./ab", "../x", "a//b", "/a/b/c.md", "docs/", "a b/c d", "//x",
        ] {
            #expect(PathText.directory(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
    }

    @Test("one-character names, on which Foundation's deletingLastPathComponent traps on Linux")
    func oneCharacterNames() {
        #expect(PathText.directory(of: "x") == "")
        #expect(PathText.directory(of: ".") == "")
        #expect(PathText.directory(of: "x/") == "")
        #expect(PathText.directory(of: "./") == "")
        #expect(PathText.directory(of: "é") == "")
        #expect(PathText.directory(of: "a/x") == "a")
        #expect(PathText.directory(of: "./x") == ".")
    }
}
