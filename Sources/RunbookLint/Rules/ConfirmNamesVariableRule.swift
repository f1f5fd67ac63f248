import RunbookDocument

/// RB025: `confirm=POOL` asks the operator to type the word "POOL", not the pool's name.
struct ConfirmNamesVariableRule: Rule {
    static let description = RuleDescription(
        id: "RB025", alias: "confirm-names-variable", tags: ["safety", "variables"], severity: .warning,
        summary: "A confirmation phrase is the bare name of a declared variable.",
        rationale: """
            `confirm=\"$POOL\"` makes the operator type the value of `POOL` (`tank`), which proves \
            they read which pool is about to be destroyed. `confirm=POOL` without the `$` is a fixed \
            phrase: the operator types the word `POOL` whatever the pool is, and the check proves nothing.
            """,
        fix: "Write `confirm=\"$POOL\"` (front matter: `confirm: \"$POOL\"`) to ask for the variable's value.",
        triggering: [
            .init(
                "---\ntitle: T\nvariables:\n  POOL: tank\n---\n\n```bash {confirm=POOL}\nzfs destroy -r \"$POOL/old\"\n```\n",
                line: 7, column: 1)
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nvariables:\n  POOL: tank\n---\n\n```bash {confirm=\"$POOL\"}\nzfs destroy -r \"$POOL/old\"\n```\n\n```bash {confirm=\"destroy the pool\"}\nzpool destroy \"$POOL\"\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.runbook.allSteps.compactMap { step in
            guard case .phrase(let phrase) = step.confirmation, context.declaredNames.contains(phrase) else {
                return nil
            }
            let written = step.origin == .frontMatter ? "confirm: \"$\(phrase)\"" : "confirm=\"$\(phrase)\""
            return Violation(
                at: step.location,
                "The confirmation asks the operator to type the word '\(phrase)', not the value of the variable \(phrase); write \(written) to ask for its value."
            )
        }
    }
}
