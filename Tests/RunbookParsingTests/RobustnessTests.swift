import Foundation
import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("Bad and huge input never crashes")
struct RobustnessTests {
    @Test("A 50 MB file parses")
    func hugeFile() {
        var text = "---\ntitle: Huge\n---\n"
        let chunk =
            "## Step\n\nSome prose that goes on for a while, with `code` and *emphasis*.\n\n```bash\necho step\n```\n\n"
        text.reserveCapacity(50_000_000)
        while text.utf8.count < 50_000_000 { text += chunk }
        let runbook = RunbookParser().parse(text: text, path: "huge.md")
        #expect(runbook.title == "Huge")
        #expect(runbook.steps.count > 400_000)
        #expect(runbook.diagnostics.isEmpty)
    }

    @Test("Ten thousand nested quotes and a thousand nested lists do not exhaust a worker thread's stack")
    func deepNesting() async {
        let quotes =
            String(repeating: ">", count: 10_000) + " ```bash\n" + String(repeating: ">", count: 10_000)
            + " echo deep\n"
        let lists = (0..<1_000).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")
        // Off the main thread on purpose: worker stacks are much smaller.
        let counts = await Task.detached {
            [
                RunbookParser().parse(text: quotes, path: "q.md").steps.count,
                RunbookParser().parse(text: lists, path: "l.md").steps.count,
            ]
        }.value
        #expect(counts[0] <= 1)
        #expect(counts[1] == 0)
    }

    @Test("Random bytes give diagnostics, not crashes", arguments: 0..<20)
    func randomBytes(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed + 1))
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let runbook = RunbookParser().parse(bytes: bytes, path: "random.bin")
        #expect(runbook.hasErrors)
    }

    @Test("Random Markdown-ish text parses", arguments: 0..<20)
    func randomMarkdown(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed + 100))
        let pieces = [
            "---\n", "```", "bash", " {id=x", "}", "\n", "$ ", "- [ ] ", "# ", "> ", "...\n", "output", "\"",
            "{\"name\":", "<!--", "-->", "  ", "\t", "é", "`",
        ]
        let text = (0..<2000).map { _ in pieces.randomElement(using: &generator)! }.joined()
        let runbook = RunbookParser().parse(text: text, path: "fuzz.md")
        #expect(runbook.lineCount >= 1)
        for step in runbook.allSteps { #expect(Step.isValidID(step.id) || step.declaredID != nil) }
    }

    @Test("The parser reports a missing file and a directory as read errors")
    func unreadable() {
        #expect(throws: RunbookReadError.self) { try RunbookParser().parse(contentsOf: "/nonexistent/runbook.md") }
        #expect(throws: RunbookReadError.self) { try RunbookParser().parse(contentsOf: "/tmp") }
    }
}

/// A small deterministic generator (SplitMix64) so fuzz cases reproduce.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Parsing on many threads")
struct ConcurrencyTests {
    @Test("Strikethrough and autolinks read the same on every thread")
    func extensionCharactersOnManyThreads() async {
        let text =
            "# Title ~~struck~~ end\n\n"
            + (0..<40).map { "Para \($0) with ~~strike \($0)~~ and www.example.com/\($0) text.\n\n" }.joined()
            + "```bash\necho hi\n```\n"
        let expected = RunbookParser().parse(text: text, path: "race.md")
        #expect(expected.title == "Title struck end")
        #expect(expected.steps.first?.context.contains("~~") == false)
        let results = await withTaskGroup(of: Runbook.self) { group in
            for index in 0..<64 {
                group.addTask {
                    RunbookParser().parse(text: text, path: "race.md" + String(repeating: " ", count: index % 2))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for runbook in results {
            #expect(runbook.title == expected.title)
            #expect(runbook.steps.map(\.context) == expected.steps.map(\.context))
        }
    }
}
