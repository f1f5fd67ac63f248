import RunbookDocument

/// RB003: lists, search and emergency ordering show the title.
struct MissingTitleRule: Rule {
    static let description = RuleDescription(
        id: "RB003", alias: "missing-title", tags: ["front-matter"], severity: .warning,
        summary: "The front matter has no `title`.",
        rationale: """
            The title is what operators see in listings, run records and handoff exports. Without \
            one the first heading or the file name stands in, and both change for reasons that have \
            nothing to do with the procedure.
            """,
        fix: "Add `title: …` to the front matter.",
        triggering: [.init("---\ncategory: recovery\n---\n# Restore\n", line: 1, column: 1)],
        nonTriggering: [.init("---\ntitle: Restore the pool\n---\n# Restore\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        guard let frontMatter = context.runbook.frontMatter, frontMatter.isValidYAML,
            frontMatter.location(ofKey: "title") == nil
        else { return [] }
        return [
            Violation(
                at: frontMatter.location,
                "The front matter has no 'title'; add one so listings and run records name this runbook.")
        ]
    }
}
