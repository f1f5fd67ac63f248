import RunbookDocument

/// RB011: the operator must say yes before data is destroyed.
struct DestructiveWithoutConfirmRule: Rule {
    static let description = RuleDescription(
        id: "RB011", alias: "destructive-without-confirm", tags: ["safety"], severity: .error,
        summary: "A step runs a destructive command without asking for confirmation.",
        rationale: """
            Commands such as `zfs destroy`, `rm -rf`, `mkfs`, `wipefs -a` or `DROP TABLE` cannot \
            be undone. A runbook is followed under pressure, often by someone who did not write \
            it; a confirmation in front of the step is the last chance to notice the wrong pool, \
            disk or database. The full list of commands is in this page's "Destructive commands" section.
            """,
        fix:
            "Add `confirm=true` to the block's attributes (or `confirm=\"$POOL\"` to make the operator type the target); for front-matter entries add `confirm: true`.",
        triggering: [
            .init("---\ntitle: Clean\n---\n\n```bash\nsudo zfs destroy -r tank/old\n```\n", line: 6, column: 6),
            .init("---\ntitle: Clean\n---\n\n```bash {id=wipe destructive=true}\nwipe-it\n```\n", line: 5, column: 1),
            .init("---\ntitle: Clean\n---\n\n```bash\npsql -c \"DROP TABLE jobs;\"\n```\n", line: 6, column: 10),
            .init("---\ntitle: Clean\n---\n\n```console\n$ cat image.raw > /dev/sdb\n```\n", line: 6, column: 19),
        ],
        nonTriggering: [
            .init("---\ntitle: Clean\n---\n\n```bash {confirm=\"$POOL\"}\nzfs destroy -r \"$POOL/old\"\n```\n"),
            .init("---\ntitle: Clean\n---\n\n```bash\nzfs list -t snapshot\nrm -f /tmp/lockfile\n```\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.destructiveUses.compactMap { use in
            let step = context.scripts[use.scriptIndex].step
            guard !step.confirmation.isRequired else { return nil }
            let how =
                step.origin == .frontMatter
                ? "add 'confirm: true' to the entry" : "add confirm=true to the block's attributes"
            let what =
                use.what == "destructive=true" ? "This step is marked destructive=true" : "'\(use.what)' destroys data"
            return Violation(at: use.location, "\(what), but the step does not ask for confirmation; \(how).")
        }
    }
}
