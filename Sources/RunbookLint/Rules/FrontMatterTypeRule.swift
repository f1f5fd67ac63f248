import RunbookDocument

/// RB004: a value of the wrong type is dropped by the parser, so the promise it made is gone.
struct FrontMatterTypeRule: Rule {
    static let description = RuleDescription(
        id: "RB004", alias: "front-matter-type", tags: ["front-matter"], severity: .error,
        summary: "A front-matter value has the wrong type or an invalid choice.",
        rationale: """
            A value of the wrong type (a list where a word is expected, a priority that is not one \
            of the four, a `notify:` entry without `on:` or with a URL that is not http or https) \
            is not used, so the runbook silently loses what the author meant.
            """,
        fix: "Write the value in the form the message names; docs/format.md lists every key and its type.",
        triggering: [
            .init("---\ntitle: Restore\npriority: urgent\n---\n", line: 3, column: 11),
            .init("---\ntitle: [a, b]\n---\n", line: 2, column: 8),
            .init("---\nnotify:\n  - on: [failed]\n    webhook: ftp://example.org/hook\n---\n", line: 3, column: 5),
        ],
        nonTriggering: [.init("---\ntitle: Restore\npriority: critical\n---\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.parserDiagnostics(["front-matter-type"]).map { Violation(at: $0.location, $0.message) }
    }
}
