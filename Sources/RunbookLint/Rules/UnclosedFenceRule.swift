import RunbookDocument

/// RB007: an unclosed fence swallows the rest of the document into one block.
struct UnclosedFenceRule: Rule {
    static let description = RuleDescription(
        id: "RB007", alias: "unclosed-fence", tags: ["style"], severity: .warning,
        summary: "A code fence is never closed.",
        rationale: """
            Everything after an unclosed fence is code: the headings, steps and rollback below it \
            disappear into one block, and running it would run prose as shell.
            """,
        fix: "Close the block with the same fence (three or more backticks or tildes) that opened it.",
        triggering: [.init("---\ntitle: T\n---\n\n```bash\necho hi\n\n## Rollback\n", line: 5, column: 1)],
        nonTriggering: [.init("---\ntitle: T\n---\n\n```bash\necho hi\n```\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.parserDiagnostics(["unclosed-fence"]).map { Violation(at: $0.location, $0.message) }
    }
}
