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
            exists" or "the service answers". Any of these counts: `validation:` in the front \
            matter, a `## Validation` or `## Verification` section, or expected output on the last \
            step that runs a command.
            """,
        fix: "Add a `## Validation` section with a command that proves the result, a `validation:` entry in the front matter, or an ```` ```output ```` block after the last command.",
        triggering: [.init("---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot tank@now\n```\n", line: 1, column: 1)],
        nonTriggering: [
            .init("---\ntitle: Snapshot\nvalidation:\n  - run: zfs list -t snapshot tank@now\n---\n\n```bash\nzfs snapshot tank@now\n```\n"),
            .init("---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot tank@now\n```\n\n## Verification\n\n```bash\nzfs list -t snapshot\n```\n"),
            .init("---\ntitle: Snapshot\n---\n\n```bash\nzfs list -H -o name tank\n```\n```output\ntank\n```\n"),
            .init("# Notes\n\nNothing to run here.\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        guard let last = runbook.steps.last(where: { $0.kind.isExecutable }),
              runbook.validation.isEmpty, last.expectedOutput == nil else { return [] }
        return [Violation(
            at: context.fileStart,
            "This runbook never checks that it worked: add a Validation section, 'validation:' in the front matter, or expected output after the last command.")]
    }
}
