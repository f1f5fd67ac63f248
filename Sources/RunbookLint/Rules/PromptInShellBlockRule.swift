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
        var line = 0
        var atLineStart = true
        var indent = 0
        let bytes = Array(block.code.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == ASCII.newline {
                line += 1
                atLineStart = true
                indent = 0
                continue
            }
            guard atLineStart else { continue }
            if byte == ASCII.space || byte == ASCII.tab {
                indent += 1
                continue
            }
            atLineStart = false
            let next = index + 1 < bytes.count ? bytes[index + 1] : ASCII.newline
            if byte == ASCII.dollar, next == ASCII.space || next == ASCII.newline {
                // The quick scan found a candidate; ShellPrompts knows here-document bodies.
                let stripped = ShellPrompts.strip(block.code)
                guard let first = stripped.removed.firstIndex(where: { $0 > 0 }) else { return nil }
                let text = block.code.split(separator: "\n", omittingEmptySubsequences: false)[first]
                return (first, text.prefix { $0 == " " || $0 == "\t" }.count)
            }
        }
        return nil
    }
}
