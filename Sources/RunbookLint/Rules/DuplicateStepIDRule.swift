import RunbookDocument

/// RB016: `--from`, records and resume name steps by id; two steps with one id are ambiguous.
struct DuplicateStepIDRule: Rule {
    static let description = RuleDescription(
        id: "RB016", alias: "duplicate-step-id", tags: ["style"], severity: .error,
        summary: "Two steps declare the same id.",
        rationale: """
            Step ids are how run records, `runbook run --from` and resumed runs refer to a step. \
            When two blocks declare the same id, the second is silently renamed (`check-2`) and \
            references meant for it land on the first.
            """,
        fix: "Give each step its own id (`{id=check-before}`, `{id=check-after}`).",
        triggering: [
            .init(
                "---\ntitle: T\n---\n\n```bash {id=check}\nzpool status\n```\n\n```bash {id=check}\nzpool list\n```\n",
                line: 9, column: 1)
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\n---\n\n```bash {id=check-before}\nzpool status\n```\n\n```bash {id=check-after}\nzpool list\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        var first: [String: Int] = [:]
        var violations: [Violation] = []
        let declared = context.runbook.allSteps.filter { $0.declaredID != nil }.sorted { $0.location < $1.location }
        for step in declared {
            let id = step.declaredID!
            if let line = first[id] {
                violations.append(
                    Violation(
                        at: step.location,
                        "The step id '\(id)' is already used by the step at line \(line); give each step its own id so records and --from name one step."
                    ))
            } else {
                first[id] = step.location.line
            }
        }
        return violations
    }
}
