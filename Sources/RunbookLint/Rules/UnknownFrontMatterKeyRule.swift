import RunbookDocument

/// RB005: an unknown key is usually a typo (`rolback:`) that drops a whole section.
struct UnknownFrontMatterKeyRule: Rule {
    static let description = RuleDescription(
        id: "RB005", alias: "unknown-front-matter-key", tags: ["front-matter"], severity: .warning,
        summary: "The front matter has a key runbook does not know.",
        rationale: """
            Unknown keys are ignored, so a misspelt `rolback:` or `validaton:` means the runbook \
            has no rollback or validation at all while looking as if it had. Keys that Hugo, \
            Docusaurus or Runme use are recognised and not reported. A `category` other than \
            preventive, operational or recovery (Runme's free `category: solution-2`) is reported \
            here too: it is kept as a tag, which may not be what a misspelt `recovry` meant.
            """,
        fix:
            "Correct the spelling (the message suggests the closest known key), or disable the rule for documents that carry another tool's keys.",
        triggering: [
            .init("---\ntitle: Restore\nrolback:\n  - Restore the old config\n---\n", line: 3, column: 1),
            .init("---\ntitle: Restore\nvariables:\n  POOL: { defualt: tank }\n---\n", line: 4, column: 11),
        ],
        nonTriggering: [.init("---\ntitle: Restore\nweight: 10\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n---\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        var violations = context.parserDiagnostics(["front-matter-unknown-key", "front-matter-category"]).map {
            Violation(at: $0.location, $0.message)
        }
        for key in context.runbook.frontMatter?.keys ?? []
        where !FrontMatter.knownKeys.contains(key.name) && !FrontMatter.foreignKeys.contains(key.name) {
            violations.append(
                Violation(
                    at: key.location,
                    "The front matter key '\(key.name)' is not one runbook knows, so it is ignored\(Suggestion.hint(for: key.name, in: FrontMatter.knownKeys))."
                ))
        }
        return violations
    }
}
