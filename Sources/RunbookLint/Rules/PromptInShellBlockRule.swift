import RunbookBytes
import RunbookDocument

/// RB020: `$ ` prompts in a shell block are removed before it runs; the block reads better
/// without them, and pasted output among them would run as commands.
struct PromptInShellBlockRule: Rule {
    static let description = RuleDescription(
        id: "RB020", alias: "prompt-in-shell-block", tags: ["shell"], severity: .note,
        summary: "A `bash`/`sh` block holds `$ ` prompts, which are removed before it runs.",
        rationale: """
            Prompts copied from a terminal are common in READMEs, and nobody means to run a \
            command named `$`: like Runme, runbook removes a leading `$ ` from each line of a \
            shell block and runs the rest as written, so here-document bodies and lines without \
            a prompt run too. That is also the catch: a line of pasted output between the \
            prompts runs as a command. Relabelling the block `console` is not the fix when it \
            holds a here-document, because a `console` block reads every line without a prompt \
            as expected output.
            """,
        fix:
            "Remove the `$ ` prompts so the block reads as the script it runs; move any pasted output into an ```` ```output ```` block after it.",
        triggering: [.init("---\ntitle: T\n---\n\n```bash\n  $ zpool status -x\n```\n", line: 6, column: 3)],
        nonTriggering: [
            .init(
                "---\ntitle: T\n---\n\n```console\n$ zpool status -x\nall pools are healthy\n```\n\n```bash\necho \"$ not a prompt\"\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.runbook.allSteps.compactMap { step in
            guard step.kind == .shell, let block = step.block, let prompt = Self.firstPrompt(in: block) else {
                return nil
            }
            return Violation(
                at: SourceLocation(
                    file: block.location.file, line: block.firstCodeLine + prompt.line,
                    column: block.location.column + prompt.indent),
                "This \(block.language) block has '$ ' prompts; they are removed before it runs and every other line runs as a command. Remove the prompts, and move any pasted output into an 'output' block."
            )
        }
    }

    /// The first line (0-based, with its indentation) that starts with a `$ ` prompt. Bytes, not
    /// Characters: this looks at every line of every shell block.
    static func firstPrompt(in block: CodeBlock) -> (line: Int, indent: Int)? {
        // The quick scan finds a candidate; ShellPrompts knows here-document bodies.
        guard ShellPrompts.mayHavePrompt(block.code) else { return nil }
        let stripped = ShellPrompts.strip(block.code)
        guard let first = stripped.removed.firstIndex(where: { $0 > 0 }) else { return nil }
        var code = block.code
        let indent = code.withUTF8 { bytes -> Int? in
            var start = 0
            var line = 0
            while line < first, let newline = bytes[start...].firstIndex(of: ASCII.newline) {
                start = newline + 1
                line += 1
            }
            var end = start
            while end < bytes.count, bytes[end] == ASCII.space || bytes[end] == ASCII.tab { end += 1 }
            // The prompt's `$` follows the blanks; anything else (a combining mark on a blank)
            // is counted in Characters below.
            return end < bytes.count && bytes[end] == ASCII.dollar ? end - start : nil
        }
        if let indent { return (first, indent) }
        let text = block.code.split(separator: "\n", omittingEmptySubsequences: false)[first]
        return (first, text.prefix { $0 == " " || $0 == "\t" }.count)
    }
}
