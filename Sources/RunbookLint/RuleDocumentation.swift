import Foundation

/// Renders docs/rules/: one page per rule and an index, from the rules' own descriptions, so
/// the documentation and the code cannot drift apart (a test compares them).
public enum RuleDocumentation {
    /// The page `docs/rules/<ID>.md`.
    public static func page(for rule: RuleDescription) -> String {
        var page = """
            # \(rule.id) · \(rule.alias)

            \(rule.summary)

            | id | alias | default severity | tags |
            | --- | --- | --- | --- |
            | `\(rule.id)` | `\(rule.alias)` | \(rule.severity.rawValue) | \(rule.tags.map { "`\($0)`" }.joined(separator: ", ")) |

            ## Why

            \(rule.rationale)

            ## How to fix

            \(rule.fix)

            """
        if rule.id == "RB011" {
            page += "\n## Destructive commands\n\n| kind | what | examples |\n| --- | --- | --- |\n"
            for row in DestructiveCommands.table {
                let examples = row.examples.map { "`\($0.replacingOccurrences(of: "|", with: "\\|"))`" }.joined(
                    separator: "<br>")
                page += "| \(row.family) | \(row.what) | \(examples.isEmpty ? "`{destructive=true}`" : examples) |\n"
            }
        }
        for (title, examples) in [("Triggers", rule.triggering), ("Does not trigger", rule.nonTriggering)]
        where !examples.isEmpty {
            page += "\n## \(title)\n"
            for example in examples {
                if let line = example.line, let column = example.column {
                    page += "\nReported at line \(line), column \(column):\n"
                }
                page += "\n`````markdown\n\(example.markdown.replacingOccurrences(of: "\u{0}", with: "␀"))`````\n"
            }
        }
        page += """

            ## Silencing it

            For one block: `<!-- runbook-lint-disable-next-line \(rule.id) -->` on the line before it. \
            For a file: `<!-- runbook-lint-disable-file \(rule.alias) -->`. For a tree: `disable: [\(rule.id)]` \
            in `.runbook-lint.yml`. See [docs/lint.md](../lint.md).

            """
        return page
    }

    /// The page `docs/rules/README.md`.
    public static func index(for rules: [RuleDescription]) -> String {
        var page = """
            # Lint rules

            `runbook lint` checks the rules below. Each has a stable id (used in output, SARIF and
            configuration), an alias you can use instead, tags that group rules, and a default
            severity that `.runbook-lint.yml` can change. `runbook lint --list-rules` prints this
            table. Configuration and inline directives are described in [docs/lint.md](../lint.md).

            | id | alias | severity | tags | finds |
            | --- | --- | --- | --- | --- |

            """
        for rule in rules {
            page +=
                "| [\(rule.id)](\(rule.id).md) | `\(rule.alias)` | \(rule.severity.rawValue) | \(rule.tags.joined(separator: ", ")) | \(rule.summary) |\n"
        }
        return page
    }
}
