import RunbookDocument

/// RB018: an unknown attribute is usually a misspelt option (`confrim=true`) that then does nothing.
struct UnknownAttributeRule: Rule {
    static let description = RuleDescription(
        id: "RB018", alias: "unknown-attribute", tags: ["style"], severity: .warning,
        summary: "A code block has an attribute runbook does not know, or attributes that cannot be read.",
        rationale: """
            Block attributes switch on behaviour that matters for safety: `confirm`, `timeout`, \
            `destructive`. A misspelt one is kept but ignored, so the step runs without the \
            confirmation its author asked for. Runme's attributes are known and not reported.
            """,
        fix:
            "Correct the attribute (the message suggests the closest known one) or remove it; quote values with spaces.",
        triggering: [
            .init("---\ntitle: T\n---\n\n```bash {confrim=true}\nzpool status\n```\n", line: 5, column: 1),
            .init("---\ntitle: T\n---\n\n```bash {timeout=soon}\nzpool status\n```\n", line: 5, column: 1),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\n---\n\n```sh {\"name\":\"status\",\"interactive\":\"false\",\"excludeFromRunAll\":\"true\"}\nzpool status\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        var violations = context.parserDiagnostics(["block-attributes"]).map { Violation(at: $0.location, $0.message) }
        for block in context.blocks {
            for key in block.attributes.unknownKeys {
                violations.append(
                    Violation(
                        at: block.location,
                        "The block attribute '\(key)' is not one runbook or Runme knows, so it does nothing\(Suggestion.hint(for: key, in: Attributes.knownKeys))."
                    ))
            }
        }
        return violations
    }
}
