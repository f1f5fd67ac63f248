import RunbookDocument

/// RB015: a declared variable no step reads is a prompt for nothing, or a typo in a step.
struct UnusedVariableRule: Rule {
    static let description = RuleDescription(
        id: "RB015", alias: "unused-variable", tags: ["variables"], severity: .warning,
        summary: "A variable declared in the front matter is never used.",
        rationale: """
            The operator is asked for every declared variable before the run starts. One that no \
            step reads is either left over from an older version or, worse, the step meant to use \
            it spells it differently and reads an empty variable instead. A variable counts as used \
            when a step expands it (`$NAME`), names it for a program to read from the environment \
            (`openssl … -pass env:NAME`, `printenv NAME`, `docker run -e NAME`), or a confirmation asks for it.
            """,
        fix: "Use the variable in the step that needs it (check the spelling), or remove it from `variables:`.",
        triggering: [
            .init(
                "---\ntitle: Snapshot\nvariables:\n  POOL: tank\n  SNAPSHOT: daily\n---\n\n```bash\nzfs snapshot \"$POOL@now\"\n```\n",
                line: 5, column: 3)
        ],
        nonTriggering: [
            .init(
                "---\ntitle: Snapshot\nvariables:\n  POOL: tank\n  TARGET: {}\n---\n\n```bash {confirm=\"$TARGET\"}\nzfs snapshot \"${POOL}@now\"\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        guard !runbook.variables.isEmpty else { return [] }
        var used = Set<String>()
        for script in context.scripts {
            for reference in script.analysis.references { used.insert(reference.name) }
            if case .variable(let name) = script.step.confirmation { used.insert(name) }
            used.formUnion(Self.namesReadFromEnvironment(in: script.analysis))
        }
        // Values that expand other variables: attributes (`cwd=$WORKDIR`), env and defaults.
        var texts = runbook.allSteps.compactMap(\.block).flatMap { $0.attributes.entries.map(\.value) }
        texts += runbook.environment.compactMap(\.defaultValue) + runbook.variables.compactMap(\.defaultValue)
        texts += [runbook.workingDirectory].compactMap { $0 }
        for text in texts where text.contains("$") {
            for reference in ShellScanner.analyze(Array("\"\(text)\"".utf8)).references { used.insert(reference.name) }
        }
        return runbook.variables.filter { !used.contains($0.name) }.map { variable in
            Violation(
                at: variable.location,
                "The variable '\(variable.name)' is declared but no step uses it; use it where it is meant to be used (check the spelling) or remove it."
            )
        }
    }

    /// Variables a command reads by name from its environment rather than through `$NAME`:
    /// `-pass env:NAME` (openssl and others), `printenv NAME` (also inside a quoted
    /// `--password-command`), and `-e NAME` / `--env NAME` passed on by docker and podman.
    static func namesReadFromEnvironment(in analysis: ShellAnalysis) -> Set<String> {
        var names = Set<String>()
        for command in analysis.commands {
            let words = command.words.map(\.text)
            for (index, word) in words.enumerated() {
                var rest = Substring(word)
                while let range = rest.range(of: "env:") {
                    names.insert(String(rest[range.upperBound...].prefix { $0 == "_" || $0.isLetter || $0.isNumber }))
                    rest = rest[range.upperBound...]
                }
                let parts = word.split(separator: " ")
                for (position, part) in parts.enumerated() where part == "printenv" && position + 1 < parts.count {
                    names.insert(String(parts[position + 1]))
                }
                if ["-e", "--env", "printenv"].contains(word), index + 1 < words.count,
                    ShellSyntax.isName(words[index + 1])
                {
                    names.insert(words[index + 1])
                }
            }
        }
        return names
    }
}
