import RunbookDocument

/// RB008: a misspelt directive silently fails to disable anything, or disables nothing it meant.
struct LintDirectiveRule: Rule {
    static let description = RuleDescription(
        id: "RB008", alias: "lint-directive", tags: ["style"], severity: .warning,
        summary: "A `runbook-lint` comment is not a known directive or names an unknown rule.",
        rationale: """
            A directive that is misspelt, or that names a rule that does not exist, does nothing; \
            the finding it was meant to silence stays, or a typo hides the intent from reviewers.
            """,
        fix:
            "Use `runbook-lint-disable`, `-enable`, `-disable-next-line` or `-disable-file` followed by rule ids, aliases or tags (see docs/lint.md).",
        triggering: [
            .init("---\ntitle: T\n---\n<!-- runbook-lint-disabel RB010 -->\n", line: 4, column: 1),
            .init("---\ntitle: T\n---\n<!-- runbook-lint-disable no-valdation -->\n", line: 4, column: 1),
        ],
        nonTriggering: [
            .init("---\ntitle: T\n---\n<!-- runbook-lint-disable-file no-validation RB013 -- demo only -->\n")
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.directives.problems.map { Violation(at: $0.location, $0.message) }
    }
}
