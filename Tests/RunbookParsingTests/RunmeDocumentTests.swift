import Foundation
import RunbookDocument
import Testing

@testable import RunbookParsing

/// Runme-style documents, written for these tests: what the parser makes of them.
@Suite("Runme documents")
struct RunmeDocumentTests {
    func parse(_ text: String, path: String = "docs/README.md") -> Runbook {
        RunbookParser().parse(text: text, path: path)
    }

    // MARK: Prompts

    @Test("'$ ' prompts in a shell block are removed from what runs; here-document bodies survive")
    func promptsAreStripped() throws {
        let runbook = parse(
            """
            # Setup
            ```bash
            $ export GREETING="hi there"
            $ cat > greeting.txt <<EOF
            $GREETING from a here-document
            EOF
            $ cat greeting.txt
            ```
            """)
        let step = try #require(runbook.steps.first)
        #expect(
            step.command
                == "export GREETING=\"hi there\"\ncat > greeting.txt <<EOF\n$GREETING from a here-document\nEOF\ncat greeting.txt\n"
        )
        #expect(step.block?.code.hasPrefix("$ export") == true, "the block as written is kept")
    }

    // MARK: Categories and tags

    @Test("A category outside runbook's three is a tag with a warning, not an error")
    func freeCategoryIsATag() throws {
        let runbook = parse("---\ncategory: solution-2\ntags: [demo]\n---\n# Demo\n```sh\necho hi\n```\n")
        #expect(!runbook.hasErrors)
        #expect(runbook.category == nil)
        #expect(runbook.tags == ["demo", "solution-2"])
        let warning = try #require(runbook.diagnostics.first { $0.code == "front-matter-category" })
        #expect(warning.severity == .warning)
        #expect(warning.location.line == 2)
        #expect(warning.message.contains("'solution-2'"))
    }

    @Test("A free category given as a YAML mapping value is read the same way")
    func freeCategoryThroughYAML() {
        let runbook = parse("---\ncategory: \"solution: 3\"\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n---\n")
        #expect(!runbook.hasErrors)
        #expect(runbook.tags == ["solution: 3"])
    }

    @Test("runbook's own categories are still categories")
    func knownCategory() {
        let runbook = parse("---\ncategory: Recovery\n---\n")
        #expect(runbook.category == .recovery)
        #expect(runbook.tags.isEmpty && runbook.diagnostics.isEmpty)
    }

    @Test("Block-level tag and category attributes are kept on the step")
    func blockTags() {
        let runbook = parse(
            """
            ```sh {"name":"build","tag":"setup,ci","category":"build"}
            make
            ```
            ```sh { name=deploy category=release }
            make deploy
            ```
            """)
        #expect(runbook.steps.map(\.tags) == [["setup", "ci", "build"], ["release"]])
    }

    // MARK: Names

    @Test("An unnamed block answers to the name Runme infers from its first command")
    func inferredNames() {
        let runbook = parse(
            """
            ## Say hello
            ```sh
            echo "Hello, runme!"
            ```
            ```sh
            $ export NAME=value
            ```
            ```sh {"name":"named"}
            echo named
            ```
            """)
        #expect(runbook.steps.map(\.id) == ["say-hello", "say-hello-2", "named"])
        #expect(runbook.steps[0].isNamed("echo-hello"))
        #expect(runbook.steps[1].isNamed("export-name"))
        #expect(runbook.steps[2].aliases.isEmpty, "a named block keeps only its name")
        let console = parse("```console\n$ systemctl restart nginx\n$ echo done\ndone\n```\n")
        #expect(console.steps.first?.isNamed("systemctl-restart") == true, "named from the command, not the prompt")
        #expect(StepIdentifiers.runmeName(forCommand: "  ls -la /tmp\n") == "ls-la")
        #expect(StepIdentifiers.runmeName(forCommand: "FOO=bar ./run.sh\n") == "foo")
        #expect(StepIdentifiers.runmeName(forCommand: "\n\n") == nil)
    }

    @Test("Runme names read only the first 32 bytes, as when the whole first line was read")
    func runmeNamesOfLongLines() {
        // The rule as Runme states it, read over the whole first line.
        func reference(_ command: String) -> String? {
            let bytes = Array(command.utf8)
            guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }) else { return nil }
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
            if let equals = bytes[start..<end].firstIndex(of: 0x3D), equals > start { end = equals }
            end = min(end, start + 32)
            var name: [UInt8] = []
            var spaces = 0
            for byte in bytes[start..<end] {
                if byte == 0x20 {
                    spaces += 1
                    if spaces == 2 { break }
                    if !name.isEmpty { name.append(0x2D) }
                } else if byte >= 0x30 && byte <= 0x39 || byte >= 0x61 && byte <= 0x7A {
                    name.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    name.append(byte | 0x20)
                }
            }
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
        let long = String(repeating: "x", count: 40)
        let commands = [
            "=a b", "a=b", "\(long)=x", "\(long) a", "abcdefghijklmnopqrstuvwxyz0123456=7",
            "abcdefghijklmnopqrstuvwxyz012345=7",
            "abcdefghijklmnopqrstuvwxyz01234=7", "\t\n  \(long)\nsecond", "a\nb=c", "Ab Cd Ef", "é=1", "x", "",
            "  =", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nb",
        ]
        for command in commands {
            #expect(StepIdentifiers.runmeName(forCommand: command) == reference(command), "\(command.debugDescription)")
        }
    }

    // MARK: Which semantics

    @Test(
        "Documents with a runme key, Runme attributes, shellscript or only language-less fences are Runme's",
        arguments: [
            "---\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n  version: v3\n---\n```bash\necho hi\n```\n",
            "```bash {\"id\":\"01HF7BT3HCDS1X1WJJHS5YH0Y1\"}\necho hi\n```\n",
            "```sh { name=hello }\necho hi\n```\n",
            "```bash {excludeFromRunAll=true}\necho hi\n```\n",
            "---\ntitle: Notes\ncwd: ..\n---\n```shellscript\necho hi\n```\n",
            "# Only plain fences\n```\necho hi\n```\n",
        ])
    func runmeDocuments(text: String) {
        #expect(parse(text).semantics == .runme)
    }

    @Test(
        "Documents with runbook's own keys, or plain bash blocks, keep runbook's defaults",
        arguments: [
            "---\nid: restore\n---\n```sh {\"name\":\"x\"}\necho hi\n```\n",
            "---\ncategory: recovery\n---\n```\necho hi\n```\n",
            "---\nvariables:\n  POOL: tank\n---\n```bash\necho hi\n```\n",
            "# Plain README\n```bash\necho hi\n```\n",
            "```bash {id=check}\necho hi\n```\n```\na tree listing\n```\n",
        ])
    func runbookDocuments(text: String) {
        #expect(parse(text).semantics == .runbook)
    }

    @Test(
        "In a Runme document, language-less and shellscript fences are shell steps with a terminal unless interactive=false"
    )
    func runmeStepDefaults() {
        let runbook = parse(
            """
            ---
            runme:
              id: 01HF7BT3HCDS1X1WJJHBQ8XQG0
            ---
            ```
            echo plain
            ```
            ```shellscript {"interactive":"false"}
            echo script
            ```
            ```yaml
            not: run
            ```
            """)
        #expect(runbook.steps.map(\.command) == ["echo plain\n", "echo script\n"])
        #expect(runbook.steps.map(\.kind) == [.shell, .shell])
        #expect(runbook.steps.map(\.isInteractive) == [true, false])
        #expect(runbook.otherBlocks.map(\.language) == ["yaml"])
    }

    @Test("In a runbook document, language-less fences stay context and steps get no terminal by default")
    func runbookStepDefaults() {
        let runbook = parse("---\nid: x\n---\n```\necho plain\n```\n```bash\necho hi\n```\n")
        #expect(runbook.steps.map(\.command) == ["echo hi\n"])
        #expect(runbook.steps.map(\.isInteractive) == [false])
    }

    // MARK: Default ids

    @Test(
        "Two README.md files never share an id: inside a Git tree the id is its path there, elsewhere the absolute path"
    )
    func readmeIDsIncludeThePath() throws {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-ids-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for directory in ["ops/.git", "ops/backup", "ops/restore/docs", "notes"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        let text = "```sh\necho hi\n```\n"
        let backup = parse(text, path: root + "/ops/backup/README.md")
        let restore = parse(text, path: root + "/ops/restore/docs/README.md")
        let top = parse(text, path: root + "/ops/readme.md")
        let notes = parse(text, path: root + "/notes/index.md")
        #expect(backup.id == "ops/backup/README")
        #expect(restore.id == "ops/restore/docs/README")
        #expect(top.id == "ops/readme")
        #expect(notes.id == String((root + "/notes/index").dropFirst()))
        #expect(
            parse(text, path: root + "/ops/backup/restore-drill.md").id == "restore-drill",
            "other names keep the file name")
        #expect(parse("---\nid: named\n---\n", path: root + "/ops/backup/README.md").id == "named", "a written id wins")
    }
}

@Suite("TOML and JSON front matter")
struct OtherFrontMatterTests {
    @Test("TOML between +++ lines, with a [runme] table, is read with the file's line numbers")
    func toml() throws {
        let runbook = RunbookParser().parse(
            text: """
                +++
                title = "Deploy the site"
                tags = ["web", "deploy"] # trailing comment
                category = 'solution-2'

                [runme]
                id = "01HF7BT3HCDS1X1WJJHBQ8XQG0"
                version = "v3"
                +++
                ```sh
                echo hi
                ```
                """, path: "toml.md")
        #expect(runbook.title == "Deploy the site")
        #expect(runbook.tags == ["web", "deploy", "solution-2"])
        #expect(runbook.semantics == .runme)
        #expect(runbook.frontMatter?.location(ofKey: "tags")?.line == 3)
        #expect(runbook.diagnostics.map(\.code) == ["front-matter-category"])
        #expect(runbook.diagnostics.first?.location.line == 4)
        #expect(runbook.steps.first?.location.line == 10)
    }

    @Test("TOML that is not supported is a warning with its line, and the body is still read")
    func unsupportedTOML() throws {
        let runbook = RunbookParser().parse(text: "+++\ntitle = \"T\"\n[a.b]\nx = 1\n+++\n# Body\n", path: "toml.md")
        let warning = try #require(runbook.diagnostics.first)
        #expect(warning.code == "front-matter-invalid" && warning.severity == .warning)
        #expect(warning.location.line == 3)
        #expect(runbook.title == "Body")
    }

    @Test(
        "JSON between ;;; lines, or an object whose braces stand alone, is read",
        arguments: [
            ";;;\n{\"title\": \"JSON doc\", \"runme\": {\"id\": \"01HF7BT3HCDS1X1WJJHBQ8XQG0\"}}\n;;;\n```sh\necho hi\n```\n",
            "{\n  \"title\": \"JSON doc\",\n  \"runme\": {\"id\": \"01HF7BT3HCDS1X1WJJHBQ8XQG0\"}\n}\n```sh\necho hi\n```\n",
        ])
    func json(text: String) throws {
        let runbook = RunbookParser().parse(text: text, path: "json.md")
        #expect(runbook.title == "JSON doc")
        #expect(runbook.semantics == .runme)
        #expect(runbook.diagnostics.isEmpty)
        #expect(
            runbook.steps.first?.location.line
                == text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "```sh").map { $0 + 1 })
    }

    @Test("A file that starts with a '{' line that is not a JSON object is read as Markdown")
    func braceThatIsNotFrontMatter() {
        let runbook = RunbookParser().parse(
            text: "{\n  not: [valid\n}\n# Title\n```bash\necho hi\n```\n", path: "brace.md")
        #expect(runbook.frontMatter == nil)
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.title == "Title")
        #expect(runbook.steps.count == 1)
    }
}
