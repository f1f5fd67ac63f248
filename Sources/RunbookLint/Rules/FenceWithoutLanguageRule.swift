import RunbookDocument

/// RB019: a shell block without a language is shown but never run, and renders without highlighting.
struct FenceWithoutLanguageRule: Rule {
    static let description = RuleDescription(
        id: "RB019", alias: "fence-without-language", tags: ["shell", "style"], severity: .warning,
        summary: "A code fence without a language holds what looks like shell commands.",
        rationale: """
            Only blocks labelled with a shell language (`bash`, `sh`, `console`, …) become steps. \
            A fence without a language is skipped by the runner, so a command the author meant to \
            be run is silently left out of the checklist. A block counts as shell when its first \
            line that is not a comment starts with a common command (`systemctl`, `curl`, `dig`, \
            `kubectl`, `gcloud`, `knife`, …) followed by arguments, possibly after a `$ ` prompt. \
            (In a Runme document such a fence is a shell step, as in Runme, and is not reported.)
            """,
        fix:
            "Label the fence: `bash` for commands, `console` for a `$ ` prompt transcript, `text` or `output` for anything else.",
        triggering: [
            .init("---\ntitle: T\nowner: ops\n---\n\n```\nsudo systemctl restart nginx\n```\n", line: 6, column: 1),
            .init("---\ntitle: T\nowner: ops\n---\n\n```\n$ oc get pods\n```\n", line: 6, column: 1),
        ],
        nonTriggering: [
            .init("---\ntitle: T\n---\n\n```\nERROR: connection refused\n```\n\n```text\nsudo is fine here\n```\n")
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        guard context.runbook.semantics == .runbook else { return [] }
        return context.blocks.compactMap { block in
            guard !block.isIndented, block.language.isEmpty, Self.looksLikeShell(block.code) else { return nil }
            return Violation(
                at: block.location,
                "This code block has no language but looks like shell commands, so it is not a step; label it 'bash' (or 'console' for a '$ ' transcript), or 'text' if it is not meant to run."
            )
        }
    }

    /// True when the first line that is not a comment starts with a command (`CommonCommands.shellEvidence`)
    /// followed by arguments, possibly after a `$ ` or `# ` prompt, or is a `#!` line.
    static func looksLikeShell(_ code: String) -> Bool {
        for line in code.split(separator: "\n") {
            var text = line.drop { $0 == " " || $0 == "\t" }
            if text.isEmpty { continue }
            if text.hasPrefix("#!/") { return true }
            if text.hasPrefix("> ") { return false }
            if text.hasPrefix("$ ") { return startsWithCommand(text.dropFirst(2)) }
            if text.hasPrefix("#") {
                // `# systemctl restart x` is a root prompt; `# Restart the service` a comment.
                text = text.dropFirst().drop { $0 == " " }
                if startsWithCommand(text) { return true }
                continue
            }
            return startsWithCommand(text)
        }
        return false
    }

    private static func startsWithCommand(_ text: Substring) -> Bool {
        let word = text.prefix { !$0.isWhitespace }
        return CommonCommands.shellEvidence.contains(String(word)) && word.count < text.count
    }
}
