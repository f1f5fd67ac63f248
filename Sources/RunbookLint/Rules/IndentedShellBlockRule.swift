import RunbookDocument

/// RB027: an indented code block is shown but never run, however much it looks like a step.
struct IndentedShellBlockRule: Rule {
    static let description = RuleDescription(
        id: "RB027", alias: "indented-shell-block", tags: ["shell", "style"], severity: .warning,
        summary: "An indented code block holds what looks like shell commands, but indented blocks are never steps.",
        rationale: """
            Only fenced blocks labelled with a shell language become steps; a block indented by \
            four spaces has no language and is skipped by the runner. Its commands are left out of \
            the checklist, and a variable it exports never reaches the steps after it (RB014 says \
            so when a later step reads one).
            """,
        fix:
            "Make it a fenced block: ```` ```bash ```` for commands, ```` ```console ```` for a `$ ` transcript, ```` ```text ```` for anything else.",
        triggering: [
            .init(
                "---\ntitle: T\n---\n\nSet the pool first:\n\n    export POOL=tank\n    zfs list \"$POOL\"\n", line: 7,
                column: 5)
        ],
        nonTriggering: [.init("---\ntitle: T\n---\n\nThe output:\n\n    NAME   USED  AVAIL\n    tank   1.2T   600G\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.blocks.compactMap { block in
            guard block.isIndented, FenceWithoutLanguageRule.looksLikeShell(block.code) else { return nil }
            return Violation(
                at: block.location,
                "This indented code block looks like shell commands, but indented blocks are never steps, so it will not run; make it a fenced ```bash block (or ```text if it is not meant to run)."
            )
        }
    }
}
