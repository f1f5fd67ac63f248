import RunbookDocument

/// RB010: the headline rule. A procedure that never checks its result is finished when the
/// last command exits, whether or not it worked.
struct NoValidationRule: Rule {
    static let description = RuleDescription(
        id: "RB010", alias: "no-validation", tags: ["safety"], severity: .error,
        summary: "The runbook never checks that it worked.",
        rationale: """
            A runbook that ends when its last command exits has not shown that the system is in \
            the state it promised. Validation is what turns "the commands ran" into "the backup \
            exists" or "the service answers". Only checks that can fail count: `validation:` in \
            the front matter, a `## Validation` or `## Verification` section, or expected output \
            on the last step that runs a command when a mismatch fails it (`expect=strict` on the \
            block or `expect: strict` in the front matter). Expected output alone is not a check: \
            a mismatch is only recorded as a deviation and the run still completes.
            """,
        fix:
            "Add a `## Validation` section with a command that proves the result, a `validation:` entry in the front matter, or mark the last command's expected output `expect=strict`.",
        triggering: [
            .init("---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot tank@now\n```\n", line: 1, column: 1),
            .init(
                "---\ntitle: Snapshot\n---\n\n```bash\nzfs list -H -o name tank\n```\n```output\ntank\n```\n", line: 1,
                column: 1),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: Snapshot\nvalidation:\n  - run: zfs list -t snapshot tank@now\n---\n\n```bash\nzfs snapshot tank@now\n```\n"
            ),
            .init(
                "---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot tank@now\n```\n\n## Verification\n\n```bash\nzfs list -t snapshot\n```\n"
            ),
            .init(
                "---\ntitle: Snapshot\n---\n\n```bash {expect=strict}\nzfs list -H -o name tank\n```\n```output\ntank\n```\n"
            ),
            .init("---\ntitle: Snapshot\nexpect: strict\n---\n\n```console\n$ zfs list -H -o name tank\ntank\n```\n"),
            .init("# Notes\n\nNothing to run here.\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        guard let last = runbook.steps.last(where: { $0.kind.isExecutable }), runbook.validation.isEmpty else {
            return []
        }
        let hasExpectation = last.expectedOutput != nil || last.transcript != nil
        if hasExpectation, runbook.expectation(of: last) == .strict { return [] }
        return [
            Violation(
                at: context.fileStart,
                hasExpectation
                    ? "This runbook never checks that it worked: the last command's expected output only records a deviation when it differs; mark it expect=strict, or add a Validation section or 'validation:' in the front matter."
                    : "This runbook never checks that it worked: add a Validation section, 'validation:' in the front matter, or strict expected output (expect=strict) after the last command."
            )
        ]
    }
}
