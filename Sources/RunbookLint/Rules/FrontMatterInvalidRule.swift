import RunbookDocument

/// RB002: front matter that is not YAML, not a mapping, or never closed is silently ignored.
struct FrontMatterInvalidRule: Rule {
    static let description = RuleDescription(
        id: "RB002", alias: "front-matter-invalid", tags: ["front-matter"], severity: .error,
        summary: "The front matter is not valid YAML, not a mapping, or never closed.",
        rationale: """
            When the front matter cannot be read, none of it counts: its variables, validation and \
            rollback vanish and the runbook runs without them. An unclosed block turns the whole \
            file into Markdown.
            """,
        fix:
            "Fix the YAML at the reported line (often a tab, an unquoted colon or a missing space after `-`) and close the block with `---`.",
        triggering: [
            .init("---\ntitle: [unclosed\n---\n# Runbook\n", line: 3, column: 1),
            .init("---\n- just\n- a list\n---\n# Runbook\n", line: 2, column: 1),
            .init("---\ntitle: Never closed\n\n# Runbook\n", line: 1, column: 1),
        ],
        nonTriggering: [.init("---\ntitle: Fine\n---\n# Runbook\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.parserDiagnostics(["front-matter-invalid", "front-matter-unterminated"])
            .map { Violation(at: $0.location, $0.message) }
    }
}
