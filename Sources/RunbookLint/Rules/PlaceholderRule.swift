import RunbookDocument

/// RB024: a command with `<service-name>` or `YOUR_TOKEN_HERE` in it cannot run as written.
struct PlaceholderRule: Rule {
    static let description = RuleDescription(
        id: "RB024", alias: "placeholder-in-command", tags: ["variables", "shell"], severity: .warning,
        summary: "A command holds a placeholder such as `<service-name>` or `YOUR_TOKEN_HERE`.",
        rationale: """
            A placeholder is an instruction to the reader, not something a shell can run: \
            `<NAMESPACE>` is read as two redirections (from a file `NAMESPACE`, into a file named \
            by the next word), and `YOUR_TOKEN_HERE` is sent to the server as the token. At 3 a.m. \
            the operator runs the step as written. Recognised: `<name>` where a word starts (unless \
            a `</name>` closes it, as markup does), and words such as `YOUR_TOKEN`, \
            `your-project-id`, `API_KEY_HERE` and `REPLACE_ME`. shellcheck's findings on a line \
            with a placeholder are not reported (they only repeat the problem in shell terms).
            """,
        fix: "Fill the value in, or declare a variable under `variables:` (the operator is asked for it) and write `\"$NAME\"` in its place.",
        triggering: [
            .init("---\ntitle: T\n---\n\n```bash\nkubectl -n <NAMESPACE> rollout restart deploy/web\n```\n", line: 6, column: 12),
            .init("---\ntitle: T\n---\n\n```bash\ncurl -H \"Authorization: Bearer YOUR_TOKEN_HERE\" https://api.example.com/\n```\n", line: 6, column: 32),
        ],
        nonTriggering: [.init("---\ntitle: T\nvariables:\n  NAMESPACE: {}\n---\n\n```bash\nkubectl -n \"$NAMESPACE\" rollout restart deploy/web\ncat > page.html <<'EOF'\n<p>maintenance</p>\nEOF\nsort < in.txt > out.txt\n```\n")])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        context.scripts.flatMap { script in
            Placeholders.find(in: script.view.text).map { placeholder in
                let fix: String
                if let assigned = Self.assignedName(of: placeholder, in: script) {
                    fix = "declare '\(assigned)' under 'variables:' (the operator is asked for it) instead of assigning a placeholder here"
                } else if let name = Placeholders.variableName(for: placeholder.text) {
                    fix = "declare a variable under 'variables:' and write \"$\(name)\" here"
                } else {
                    fix = "declare a variable under 'variables:' and use it here"
                }
                return Violation(
                    at: script.view.location(ofOffset: placeholder.offset),
                    "'\(placeholder.text)' is a placeholder, so this command cannot run as written; fill in the value, or \(fix).")
            }
        }
    }

    /// `NAME` when the placeholder is the whole start of the value in `NAME=<…>` or `export NAME='<…>'`.
    private static func assignedName(of placeholder: Placeholders.Match, in script: LintContext.Script) -> String? {
        script.analysis.assignments.first { assignment in
            guard assignment.value != nil, assignment.offset < placeholder.offset else { return false }
            let between = String(decoding: script.view.text[assignment.offset..<placeholder.offset], as: UTF8.self)
            return ["=", "='", "=\""].contains { between == assignment.name + $0 }
        }?.name
    }
}
