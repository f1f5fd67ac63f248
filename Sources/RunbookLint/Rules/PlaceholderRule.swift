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
            with a placeholder are not reported (they only repeat the problem in shell terms). In a \
            Runme document, `export NAME="<…>"` and `export NAME=${NAME:-<…>}` are not reported: \
            that is how a Runme author asks for a value, and Runme prompts the reader for it.
            """,
        fix:
            "Fill the value in, or declare a variable under `variables:` (the operator is asked for it) and write `\"$NAME\"` in its place.",
        triggering: [
            .init(
                "---\ntitle: T\n---\n\n```bash\nkubectl -n <NAMESPACE> rollout restart deploy/web\n```\n", line: 6,
                column: 12),
            .init(
                "---\ntitle: T\n---\n\n```bash\ncurl -H \"Authorization: Bearer YOUR_TOKEN_HERE\" https://api.example.com/\n```\n",
                line: 6, column: 32),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nvariables:\n  NAMESPACE: {}\n---\n\n```bash\nkubectl -n \"$NAMESPACE\" rollout restart deploy/web\ncat > page.html <<'EOF'\n<p>maintenance</p>\nEOF\nsort < in.txt > out.txt\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runme = context.runbook.semantics == .runme
        return context.scripts.flatMap { script in
            Placeholders.find(in: script.view.text).filter { !(runme && Self.isRunmePrompt($0, in: script.view.text)) }
                .map { placeholder in
                    let fix: String
                    if let assigned = Self.assignedName(of: placeholder, in: script) {
                        fix =
                            "declare '\(assigned)' under 'variables:' (the operator is asked for it) instead of assigning a placeholder here"
                    } else if let name = Placeholders.variableName(for: placeholder.text) {
                        fix = "declare a variable under 'variables:' and write \"$\(name)\" here"
                    } else {
                        fix = "declare a variable under 'variables:' and use it here"
                    }
                    return Violation(
                        at: script.view.location(ofOffset: placeholder.offset),
                        "'\(placeholder.text)' is a placeholder, so this command cannot run as written; fill in the value, or \(fix)."
                    )
                }
        }
    }

    /// `export NAME="<…>"` or `export NAME=${NAME:-<…>}`: in a Runme document the author's way
    /// of asking for a value (Runme prompts for it before the block runs), not a placeholder
    /// left in a command.
    static func isRunmePrompt(_ placeholder: Placeholders.Match, in text: [UInt8]) -> Bool {
        var start = placeholder.offset
        while start > 0, text[start - 1] != 0x0A { start -= 1 }
        let before = String(decoding: text[start..<placeholder.offset], as: UTF8.self).drop { $0 == " " || $0 == "\t" }
        guard before.hasPrefix("export ") else { return false }
        let assignment = before.dropFirst("export ".count).drop { $0 == " " }
        let name = assignment.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty, assignment.dropFirst(name.count).first == "=" else { return false }
        let opening = assignment.dropFirst(name.count + 1)
        return ["", "\"", "'", "${\(name):-", "\"${\(name):-"].contains(String(opening))
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
