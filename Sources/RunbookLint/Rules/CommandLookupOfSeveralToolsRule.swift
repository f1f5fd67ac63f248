import RunbookDocument

/// RB031: `command -v a b c` succeeds when any one of the tools exists.
struct CommandLookupOfSeveralToolsRule: Rule {
    static let description = RuleDescription(
        id: "RB031", alias: "command-v-several-names", tags: ["safety", "shell"], severity: .warning,
        summary: "`command -v` is given several names, so it succeeds when only one of them exists.",
        rationale: """
            `command -v zfs zpool pv` prints the names it finds and exits 0 if any one of them \
            is found (bash 5.2, dash, zsh). A "tools present" prerequisite written that way passes \
            on a host missing `pv`, and the run fails later, possibly after a pool was wiped.
            """,
        fix:
            "Check each tool on its own: `command -v zfs && command -v zpool && command -v pv`, or loop over the names and fail on the first one missing.",
        triggering: [
            .init(
                "---\ntitle: T\nprerequisites:\n  - name: tools present\n    run: command -v zfs zpool pv\n---\n\n```bash\nzfs list\n```\n",
                line: 4, column: 5),
            .init("---\ntitle: T\n---\n\n```bash\ncommand -v jq curl >/dev/null\n```\n", line: 6, column: 15),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nprerequisites:\n  - name: tools present\n    run: command -v zfs && command -v zpool && command -v pv\n---\n\n```bash\nzfs list\n```\n"
            ),
            .init("---\ntitle: T\n---\n\n```bash\nfor tool in jq curl; do command -v \"$tool\"; done\n```\n"),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.scripts.flatMap { script in
            script.analysis.commands.compactMap { command -> Violation? in
                guard let names = Self.lookedUpNames(command.words), names.count > 1 else { return nil }
                let listed = names.map(\.text).joined(separator: " ")
                let separate = names.map { "command -v \($0.text)" }.joined(separator: " && ")
                return Violation(
                    at: script.view.location(ofOffset: names[1].offset),
                    "'command -v \(listed)' succeeds when any one of these exists, so a missing tool goes unnoticed; check each on its own: '\(separate)'."
                )
            }
        }
    }

    /// The names after `command -v` (or `-V`), or nil when the command is not such a lookup.
    static func lookedUpNames(_ words: [ShellAnalysis.Word]) -> [ShellAnalysis.Word]? {
        guard let start = words.firstIndex(where: { $0.text == "command" && !$0.isQuoted }) else { return nil }
        var index = start + 1
        var isLookup = false
        while index < words.count, words[index].text.hasPrefix("-"), words[index].text != "-" {
            if words[index].text == "--" { index += 1; break }
            if words[index].text.contains("v") || words[index].text.contains("V") { isLookup = true }
            index += 1
        }
        return isLookup ? Array(words[index...]) : nil
    }
}
