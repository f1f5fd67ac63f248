import RunbookDocument

/// RB023: shellcheck's findings in the runbook's bash/sh blocks, at the runbook's own lines.
struct ShellcheckRule: Rule {
    static let description = RuleDescription(
        id: "RB023", alias: "shellcheck", tags: ["shell"], severity: .warning,
        summary: "shellcheck reports a problem in a bash/sh block.",
        rationale: """
            shellcheck finds the quoting, globbing and word-splitting mistakes that make a command \
            act on the wrong files. The blocks of a runbook are checked together, as the one \
            session they run in, with the front matter's variables counted as assigned; findings \
            point at the runbook's own lines. Runs only when shellcheck is installed (or with \
            `--shellcheck on`); shellcheck's errors are errors, its warnings warnings, and its \
            info and style notes are notes. Lines with a placeholder (`<name>`, `YOUR_TOKEN`) are left to RB024. SC2154 (unassigned variable) is left to RB014, blocks with \
            `$ ` prompts to RB020, and a parse error is reported once (SC1009 and SC1072 only repeat it).
            """,
        fix:
            "Follow shellcheck's advice (its wiki page is https://www.shellcheck.net/wiki/SC followed by the number), or silence one check with a `# shellcheck disable=SCxxxx` line in the block.",
        triggering: [
            .init("---\ntitle: T\nvariables:\n  DIR: /srv\n---\n\n```bash\nrm -r $DIR/cache\n```\n", line: 8, column: 7)
        ],
        nonTriggering: [
            .init("---\ntitle: T\nvariables:\n  DIR: /srv\n---\n\n```bash\nrm -r \"${DIR:?}/cache\"\n```\n")
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        guard let executable = context.shellcheckPath else { return [] }
        let dialects: Set<String> = ["sh", "bash", "dash", "ksh"]
        let shell = context.runbook.shell
        let checker = Shellcheck(
            executable: executable, dialect: dialects.contains(shell) ? shell : "bash", cache: context.shellcheckCache)
        let scripts = context.scripts.enumerated().compactMap { index, script -> (index: Int, text: [UInt8])? in
            // Blocks with `$ ` prompts are transcripts RB020 already reports; shellcheck would
            // only add parse errors about the prompts and the pasted output.
            guard script.step.kind == .shell, let block = script.step.block, block.language != "zsh",
                PromptInShellBlockRule.firstPrompt(in: block) == nil
            else { return nil }
            return (index, script.view.text)
        }
        let declared = context.declaredNames.filter { ShellSyntax.isName($0) }
        // A placeholder line is reported once by RB024, not as a handful of redirection and
        // quoting findings; masked, it no longer stops shellcheck from parsing the lines after it.
        let placeholderLines = Dictionary(
            uniqueKeysWithValues: scripts.map { ($0.index, Placeholders.lines(in: $0.text)) })
        let masked = scripts.map { script -> (index: Int, text: [UInt8]) in
            (
                script.index,
                placeholderLines[script.index, default: []].isEmpty ? script.text : Placeholders.masked(script.text)
            )
        }
        let comments = checker.check(scripts: masked, declared: Array(declared)).filter {
            placeholderLines[$0.scriptIndex]?.contains($0.line - 1) != true
        }
        return comments.map { comment in
            let view = context.scripts[comment.scriptIndex].view
            let severity: Severity =
                switch comment.level {
                case "error": .error
                case "warning": .warning
                default: .note
                }
            return Violation(
                at: view.location(line: comment.line, column: comment.column),
                "SC\(comment.code): \(comment.message)", severity: severity)
        }
    }
}
