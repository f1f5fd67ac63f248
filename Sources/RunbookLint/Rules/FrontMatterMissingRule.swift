import RunbookDocument

/// RB001: a runbook without front matter has no title, variables or declared promises.
struct FrontMatterMissingRule: Rule {
    static let description = RuleDescription(
        id: "RB001", alias: "front-matter-missing", tags: ["front-matter"], severity: .warning,
        summary: "The runbook has no YAML front matter.",
        rationale: """
            The front matter is where a runbook states what it is (title, category, priority) and \
            what it promises (variables, prerequisites, validation, rollback). Without it, tools \
            can only guess, and the runbook cannot declare the inputs it needs.
            """,
        fix:
            "Start the file with a `---` block holding at least `title:`; move variables, prerequisites, validation and rollback into it as the runbook grows.",
        triggering: [.init("# Restart the proxy\n\n```bash\nsystemctl restart haproxy\n```\n", line: 1, column: 1)],
        nonTriggering: [.init("---\ntitle: Restart the proxy\n---\n\n```bash\nsystemctl restart haproxy\n```\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        // Unreadable files and unterminated blocks have findings of their own.
        guard runbook.frontMatter == nil,
            !runbook.diagnostics.contains(where: {
                ["not-utf8", "binary-file", "front-matter-unterminated"].contains($0.code)
            })
        else { return [] }
        return [
            Violation(
                at: context.fileStart,
                "This runbook has no YAML front matter; start it with a '---' block holding at least a title.")
        ]
    }
}
