import RunbookDocument

/// RB032: the runbook's `version` has no `changelog:` entry saying why it changed.
struct ChangelogEntryMissingRule: Rule {
    static let description = RuleDescription(
        id: "RB032", alias: "changelog-entry-missing", tags: ["records"], severity: .warning,
        summary: "The runbook's `version` has no `changelog:` entry saying what changed and why.",
        rationale: """
            Every run records the exact text it followed, and `runbook revisions` lists each \
            stored revision with its version. A version without a changelog entry leaves the \
            next operator comparing two texts to guess why a step changed, and whether the old \
            way was wrong or only different. An entry (date, version, why) is written once, \
            when the version is raised.
            """,
        fix:
            "Add an entry for this version to `changelog:` in the front matter: `- {date: 2026-12-01, version: 3, why: prune only our own snapshots}`.",
        triggering: [
            .init("---\ntitle: T\nversion: 2\n---\n\n```bash\nzfs list\n```\n", line: 3, column: 10),
            .init(
                "---\ntitle: T\nversion: 3\nchangelog:\n  - {date: 2026-11-01, version: 2, why: hold the replica}\n---\n\n```bash\nzfs list\n```\n",
                line: 3, column: 10),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nversion: 3\nchangelog:\n  - {date: 2026-12-01, version: 3, why: prune only our own snapshots}\n  - {date: 2026-11-01, version: 2, why: hold the replica}\n---\n\n```bash\nzfs list\n```\n"
            ),
            .init("---\ntitle: T\n---\n\n```bash\nzfs list\n```\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        guard let version = runbook.version, let frontMatter = runbook.frontMatter, frontMatter.isValidYAML else {
            return []
        }
        if runbook.changelog.contains(where: { $0.version == version }) { return [] }
        let keyLocation = frontMatter.location(ofKey: "version") ?? frontMatter.location
        // Pointing at the value: where the author changes it.
        let at = SourceLocation(
            file: keyLocation.file, line: keyLocation.line, column: keyLocation.column + "version: ".count)
        let named = runbook.changelog.compactMap(\.version)
        let newest = named.isEmpty ? "" : " (the entries name version \(named.joined(separator: ", ")))"
        return [
            Violation(
                at: at,
                "Version \(version) has no changelog entry\(newest); add `- {date: …, version: \(version), why: …}` to 'changelog:' so the next operator knows what changed and why."
            )
        ]
    }
}
