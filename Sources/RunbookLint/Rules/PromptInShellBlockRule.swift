import RunbookDocument

/// RB020: in a `bash` block, `$ ` prompts are run as commands and pasted output as more commands.
struct PromptInShellBlockRule: Rule {
    static let description = RuleDescription(
        id: "RB020", alias: "prompt-in-shell-block", tags: ["shell"], severity: .warning,
        summary: "A `bash`/`sh` block holds `$ ` prompts, a transcript that should be `console`.",
        rationale: """
            A shell block runs every line. With `$ ` prompts, the shell tries to run a command \
            named `$`, and the pasted output between the prompts is run as commands too. A \
            `console` block is the transcript form: its `$ ` lines run and the lines between them \
            are the expected output.
            """,
        fix: "Change the language to `console`, or remove the prompts and move the output into an ```` ```output ```` block.",
        triggering: [.init("---\ntitle: T\n---\n\n```bash\n  $ zpool status -x\n  all pools are healthy\n```\n", line: 6, column: 3)],
        nonTriggering: [.init("---\ntitle: T\n---\n\n```console\n$ zpool status -x\nall pools are healthy\n```\n\n```bash\necho \"$ not a prompt\"\n```\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.runbook.allSteps.compactMap { step in
            guard step.kind == .shell, let block = step.block, let prompt = Self.firstPrompt(in: block) else { return nil }
            return Violation(
                at: SourceLocation(file: block.location.file, line: block.firstCodeLine + prompt.line,
                                   column: block.location.column + prompt.indent),
                "This \(block.language) block has '$ ' prompts, so the shell would run '$' and any pasted output as commands; label it 'console' or remove the prompts.")
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
            if byte == .newline {
                line += 1
                atLineStart = true
                indent = 0
                continue
            }
            guard atLineStart else { continue }
            if byte == .space || byte == .tab {
                indent += 1
                continue
            }
            atLineStart = false
            let next = index + 1 < bytes.count ? bytes[index + 1] : .newline
            if byte == .dollar, next == .space || next == .newline { return (line, indent) }
        }
        return nil
    }
}
