import RunbookDocument

/// RB006: the file is not text lint can read, or the parser found something no other rule maps.
struct UnreadableFileRule: Rule {
    static let description = RuleDescription(
        id: "RB006", alias: "unreadable-file", tags: ["front-matter"], severity: .error,
        summary: "The file is not UTF-8 Markdown text, or the parser reported another problem.",
        rationale: """
            A file that is binary or not UTF-8 cannot be followed at all; nothing in it is checked. \
            This rule also carries any parser diagnostic no other rule maps, so nothing the parser \
            found is lost.
            """,
        fix: "Save the file as UTF-8 text (`iconv -f latin1 -t utf-8`), or remove binary content from the docs tree.",
        triggering: [.init("---\ntitle: Binary\n---\n\u{0}\n", line: 4, column: 1)],
        nonTriggering: [.init("---\ntitle: Café\n---\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.runbook.diagnostics
            .filter { !LintContext.mappedParserCodes.contains($0.code) }
            .map { Violation(at: $0.location, $0.message, severity: $0.severity) }
    }
}
