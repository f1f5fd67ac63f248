import RunbookDocument

/// RB012: a runbook that destroys data must say how to undo or recover.
struct DestructiveWithoutRollbackRule: Rule {
    static let description = RuleDescription(
        id: "RB012", alias: "destructive-without-rollback", tags: ["safety"], severity: .warning,
        summary: "The runbook destroys data but has no rollback.",
        rationale: """
            When a destructive step goes wrong halfway, the operator needs the way back written \
            down before they start, not improvised afterwards. A rollback can be as small as \
            "restore the snapshot taken in step 1". Destructive commands are the ones RB011 lists \
            in its "Destructive commands" table ([RB011](RB011.md#destructive-commands)).
            """,
        fix:
            "Add a `## Rollback` section (or `rollback:` in the front matter) describing how to undo or recover from the destructive steps.",
        triggering: [
            .init("---\ntitle: Rebuild\n---\n\n```bash {confirm=true}\nwipefs -a /dev/sdb\n```\n", line: 6, column: 1)
        ],
        nonTriggering: [
            .init(
                "---\ntitle: Rebuild\n---\n\n```bash {confirm=true}\nwipefs -a /dev/sdb\n```\n\n## Rollback\n\n- [ ] Restore the partition table from /root/sdb.sgdisk\n"
            ),
            .init("---\ntitle: Status\n---\n\n```bash\nzpool status\n```\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        guard context.runbook.rollback.isEmpty,
            let first = context.destructiveUses.first(where: { context.scripts[$0.scriptIndex].step.phase == .main })
        else { return [] }
        let what = first.what == "destructive=true" ? "a step marked destructive=true" : "'\(first.what)'"
        return [
            Violation(
                at: first.location,
                "This runbook runs \(what) but has no rollback; add a Rollback section or 'rollback:' in the front matter saying how to undo or recover."
            )
        ]
    }
}
