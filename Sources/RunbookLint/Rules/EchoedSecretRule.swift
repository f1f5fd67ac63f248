import RunbookBytes
import RunbookDocument

/// RB021: a secret printed by a step ends up in terminals, scrollback, logs and run records.
struct EchoedSecretRule: Rule {
    static let description = RuleDescription(
        id: "RB021", alias: "echoed-secret", tags: ["secrets"], severity: .error,
        summary: "A step prints a variable marked `secret: true`.",
        rationale: """
            Declaring a variable secret keeps it out of records and exports, but a step that \
            echoes it (or runs `set -x`, which prints every expanded command) still puts it on \
            the screen and in scrollback, screen recordings and shared terminals.
            """,
        fix:
            "Do not print the secret: check it with `test -n \"$TOKEN\"`, print its length, or pass it straight to the program that needs it.",
        triggering: [
            .init(
                "---\ntitle: T\nvariables:\n  API_TOKEN: { secret: true }\n---\n\n```bash\necho \"token is $API_TOKEN\"\n```\n",
                line: 8, column: 16),
            .init(
                "---\ntitle: T\nvariables:\n  API_TOKEN: { secret: true }\n---\n\n```bash\nset -x\ncurl -H \"Authorization: Bearer $API_TOKEN\" https://api.local\n```\n",
                line: 9, column: 32),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nvariables:\n  API_TOKEN: { secret: true }\n---\n\n```bash\ncurl -H \"Authorization: Bearer $API_TOKEN\" https://api.local\necho \"token set: ${#API_TOKEN} characters\"\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    /// Programs that print their arguments or (`cat`, `tee`) their here-document.
    private static let printers: Set<String> = ["echo", "printf", "print", "printenv"]

    func check(_ context: LintContext) -> [Violation] {
        let secrets = Set(context.runbook.variables.filter(\.isSecret).map(\.name))
        guard !secrets.isEmpty else { return [] }
        var violations: [Violation] = []
        for script in context.scripts {
            let analysis = script.analysis
            for reference in analysis.references where secrets.contains(reference.name) {
                let program = reference.commandIndex.flatMap { analysis.commands[$0].name?.text } ?? ""
                let reason: String
                if Self.printers.contains(program) && !isLengthOnly(reference, in: script) {
                    reason = "'\(program)' prints the secret '\(reference.name)'"
                } else if reference.isInHeredoc && (program == "cat" || program == "tee") {
                    reason = "'\(program)' prints a here-document holding the secret '\(reference.name)'"
                } else if analysis.enablesXtrace {
                    reason = "'set -x' in this step prints the secret '\(reference.name)' with every command"
                } else {
                    continue
                }
                violations.append(
                    Violation(
                        at: script.view.location(ofOffset: reference.offset),
                        "\(reason) to the terminal and the run's output; check it without printing it."))
            }
            for command in analysis.commands where command.name?.text == "printenv" {
                for word in command.invocation.dropFirst() where secrets.contains(word.text) {
                    violations.append(
                        Violation(
                            at: script.view.location(ofOffset: word.offset),
                            "'printenv \(word.text)' prints the secret to the terminal and the run's output; check it without printing it."
                        ))
                }
            }
        }
        return violations
    }

    /// `${#SECRET}` prints only the length.
    private func isLengthOnly(_ reference: ShellAnalysis.Reference, in script: LintContext.Script) -> Bool {
        let text = script.view.text
        return reference.offset + 2 < text.count && text[reference.offset + 1] == ASCII.leftBrace
            && text[reference.offset + 2] == ASCII.hash
    }
}
