import RunbookDocument

/// RB017: ids are typed in shells and URLs; spaces and punctuation break them.
struct InvalidStepIDRule: Rule {
    static let description = RuleDescription(
        id: "RB017", alias: "invalid-step-id", tags: ["style"], severity: .error,
        summary: "A step id holds characters other than letters, digits, `.`, `_` and `-`.",
        rationale: """
            Step ids end up in shell commands (`runbook run --from ID`), file names and URLs. An id \
            with spaces, slashes or quotes has to be escaped everywhere and is easy to get wrong \
            at 3 a.m.
            """,
        fix: "Rename the step with ASCII letters, digits, `.`, `_` and `-` only, for example `take-snapshot`.",
        triggering: [
            .init(
                "---\ntitle: T\n---\n\n```bash {id=\"take snapshot\"}\nzfs snapshot tank@now\n```\n", line: 5, column: 1
            )
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\n---\n\n```sh {\"name\":\"take-snapshot\",\"id\":\"01HF7BT3HCDS1X1WJJHB8775HP\"}\nzfs snapshot tank@now\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.runbook.allSteps.compactMap { step in
            guard let id = step.declaredID, !Step.isValidID(id) else { return nil }
            return Violation(
                at: step.location,
                "The step id '\(id)' has characters other than letters, digits, '.', '_' and '-'; rename it so it can be typed in a shell."
            )
        }
    }
}
