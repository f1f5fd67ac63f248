import Foundation
import RunbookDocument
import Testing

@testable import RunbookParsing

/// The byte-level fast paths give what the general code they shortcut gives.
@Suite("Fast paths agree with the general code")
struct FastPathTests {
    static let paths = [
        "a.md", "dir/a.md", "/abs/dir/a.md", "a", "dir/a", "a.b.c.md", ".hidden", "dir/.hidden", ".hidden.md",
        "x.", "dir/x.", "..", "dir/..", ".", "dir/.", "a/./b.md", "../up.md", "./a.md", "a..md", "dir.d/file",
        "dir//a.md", "dir/", "/", "", "Ümlaut/é.md", "dir/ä.md",
    ]

    @Test("Default ids: the byte path gives NSString's answer", arguments: paths)
    func defaultID(path: String) {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        #expect(RunbookParser.stemID(for: path) == (stem.isEmpty ? name : stem))
        let fast = RunbookParser.plainDefaultID(for: path)
        // The byte path declines only what it cannot read plainly: non-ASCII, "//", a trailing "/".
        let declines = path.utf8.contains { $0 >= 0x80 } || path.contains("//") || path.isEmpty || path.hasSuffix("/")
        #expect(fast == (declines ? nil : (stem.isEmpty ? name : stem)), "byte path for \(path.debugDescription)")
    }

    @Test("README folders: the realpath shortcut gives NSString's folder for links, `.` and `..`")
    func standardizedDirectories() throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory.appendingPathComponent("runbook-paths-\(UUID().uuidString)").path
        defer { try? manager.removeItem(atPath: root) }
        try manager.createDirectory(atPath: root + "/repo/.git", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/repo/docs/backup", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        for folder in ["/repo/docs/backup", "/elsewhere"] {
            try Data("# Backup\n".utf8).write(to: URL(fileURLWithPath: root + folder + "/README.md"))
        }
        try manager.createSymbolicLink(atPath: root + "/absolute-link", withDestinationPath: root + "/repo/docs")
        try manager.createSymbolicLink(atPath: root + "/repo/relative-link", withDestinationPath: "docs/backup")
        try manager.createSymbolicLink(
            atPath: root + "/elsewhere/LINKED.md", withDestinationPath: root + "/repo/docs/backup/README.md")
        let real = (root as NSString).resolvingSymlinksInPath
        let paths = [
            "/repo/docs/backup/README.md", "/absolute-link/backup/README.md", "/repo/relative-link/README.md",
            "/repo/docs/../docs/backup/README.md", "/absolute-link/../elsewhere/README.md",
            "/repo/relative-link/../README.md", "/repo/./docs//backup/README.md", "/elsewhere/LINKED.md",
            "/elsewhere/README.md", "/missing/README.md", "/repo/docs/backup/",
        ].flatMap { [root + $0, real + $0] }
        for path in paths {
            let expected = ((path as NSString).standardizingPath as NSString).deletingLastPathComponent
            #expect(RunbookParser.standardizedDirectory(of: path) == expected, "\(path)")
        }
        let linked = RunbookParser.pathID(for: root + "/absolute-link/backup/README.md", stem: "README")
        #expect(linked == "repo/docs/backup/README")
        #expect(RunbookParser.pathID(for: real + "/repo/docs/backup/README.md", stem: "README") == linked)
    }

    @Test("Heading roles skip numbering and read one or two words")
    func roles() {
        #expect(SectionRoles.role(forHeading: "3. Step 4: Rollback procedure") == .rollback)
        #expect(SectionRoles.role(forHeading: "Phase 2: Roll back the change") == .rollback)
        #expect(SectionRoles.role(forHeading: "Phase 2 - Roll back the change") == .none)
        #expect(SectionRoles.role(forHeading: "PRE-REQUISITES") == .prerequisites)
        #expect(SectionRoles.role(forHeading: "Before you begin") == .prerequisites)
        #expect(SectionRoles.role(forHeading: "Before") == .none)
        #expect(SectionRoles.role(forHeading: "1 2 3 4 rollback") == .none)
        #expect(SectionRoles.role(forHeading: "Verify the fix works") == .none)
        #expect(SectionRoles.role(forHeading: "Validation") == .validation)
        #expect(SectionRoles.role(forHeading: "Ünïcode validation") == .none)
        #expect(SectionRoles.role(forHeading: "averyveryverylongwordindeed rollback") == .none)
    }

    @Test("Info strings: the plain-language path and the general one agree")
    func infoStrings() {
        for info in ["bash", "  BaSh  ", "", "sh\u{0B}x", "Shell\u{301}", "ÉCHO", "bash {id=x}", "bash\tid=y"] {
            let result = InfoStringParser.parse(info)
            let trimmed = info.trimmingWhitespace()
            let end = trimmed.firstIndex { $0 == " " || $0 == "\t" || $0 == "{" } ?? trimmed.endIndex
            #expect(result.language == String(trimmed[..<end]).lowercased(), "\(info)")
        }
    }

    @Test("Console transcripts split lines on bytes as on Characters")
    func console() {
        let transcript = ConsoleTranscript("$ echo é\n é\n\n  \n$ ls \\\n> -la\nout\u{A0}\n\u{A0}\n")
        #expect(transcript.commands == "echo é\nls \\\n-la\n")
        #expect(transcript.expectedOutput == " é\n\n  \nout\u{A0}\n")
        #expect(transcript.firstOutputLineIndex == 1)
        #expect(ConsoleTranscript("plain\n").expectedOutput == nil)
    }

    @Test("Line counts: every line feed, wherever it falls in the eight-byte words")
    func lineCounts() throws {
        for text in [
            "", "a", "\n", "\n\u{B}\n\u{B}", String(repeating: "ab\n", count: 37), "é\n\n\u{A}xyz\t\r",
            String(repeating: "\n", count: 17),
        ] {
            let source = try SourceText.decode(Array(text.utf8)).get()
            #expect(source.lineCount == source.bytes.filter { $0 == 0x0A }.count + 1, "\(text.debugDescription)")
        }
    }

    @Test("Trimming: ASCII edges on bytes, non-ASCII spaces still trimmed")
    func trimming() {
        #expect("  a b \n".trimmingWhitespace() == "a b")
        #expect("\u{A0} a \u{A0}".trimmingWhitespace() == "a")
        #expect(" é ".trimmingWhitespace() == "é")
        #expect(" \t\n ".trimmingWhitespace() == "")
    }

    static let plainYAML = [
        "title: Node exporter down\nweight: 10", "title:  Two spaces\nid: x-1",
        "title: T\ncategory: Bogus\npriority: HIGH",
        "category: recovery\npriority: low\ntags: zfs, backup,  , x", "title: A\n\nweight: 2",
        "bookHidden: true\ndraft: false",
        "title: a - b (c) = d + e, f/g.h", "description: Some text\nshell: zsh\ncwd: tmp\nversion: 1.2\nid: my_id",
        "_x: y\nsidebar_position: 3", "priority: Critical\ncategory: OPERATIONAL",
    ]

    @Test("Plain front matter read without Yams reads as Yams reads it", arguments: plainYAML)
    func plainFrontMatter(yaml: String) {
        // A comment line is not plain, so the second decode goes through Yams; YAML ignores it.
        var plain = FrontMatterDecoder(path: "f.md", lineOffset: 1)
        var general = FrontMatterDecoder(path: "f.md", lineOffset: 1)
        let (plainMatter, plainValues) = plain.decode(yaml, openingLine: 1, bodyStartLine: 9)
        let (generalMatter, generalValues) = general.decode(yaml + "\n# through Yams", openingLine: 1, bodyStartLine: 9)
        #expect(plainMatter.keys == generalMatter.keys)
        #expect(plainMatter.isValidYAML == generalMatter.isValidYAML)
        #expect(plain.diagnostics == general.diagnostics)
        #expect(plainValues.id == generalValues.id && plainValues.title == generalValues.title)
        #expect(plainValues.version == generalValues.version && plainValues.description == generalValues.description)
        #expect(
            plainValues.shell == generalValues.shell && plainValues.workingDirectory == generalValues.workingDirectory)
        #expect(plainValues.category == generalValues.category && plainValues.priority == generalValues.priority)
        #expect(plainValues.tags == generalValues.tags)
    }
}

/// The byte searches that stand in for Foundation's on ASCII text give its answers.
@Suite("Byte searches agree with Foundation's")
struct ByteSearchFastPathTests {
    static let infos = [
        "", "bash", "sh {\"name\":\"x\"}", "{\"a\":1}", "bash {name=x}", "{", "\"{", "{ \"", "{\"", "x{\"",
        "é {\"name\":\"x\"}", "é", "{\u{301}\"", "{\"\u{301}",
    ]

    @Test("Runme's JSON attributes are found where Foundation finds them", arguments: infos)
    func jsonAttributes(info: String) {
        #expect(SemanticsDecision.opensJSONObject(info) == info.contains("{\""), "\(info.debugDescription)")
    }

    @Test("A numbered item's title reads the same through the byte path")
    func listItemTitles() {
        let titles = [
            "Install the dependencies:", "Run it. Then wait", "Stop:  ", ":", "Done.", "Dots... and more", "a. b. c",
        ]
        for title in titles {
            let text = "1. \(title)\n\n   ```bash\n   echo hi\n   ```\n"
            let blocks = MarkdownWalker.blocks(of: Array(text.utf8), from: 0, lineOffset: 0)
            guard case .code(let code) = blocks.last else {
                Issue.record("no code block for \(title.debugDescription)")
                continue
            }
            var expected = title
            if let end = expected.range(of: ". ") { expected = String(expected[..<end.lowerBound]) }
            while let last = expected.last, last == ":" || last == " " { expected.removeLast() }
            #expect(code.listItemTitle == (expected.isEmpty ? nil : expected), "\(title.debugDescription)")
        }
    }
}
