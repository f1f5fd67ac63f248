import RunbookDocument

/// RB022: a credential written into a runbook is shared with everyone who can read the docs.
struct LiteralCredentialRule: Rule {
    static let description = RuleDescription(
        id: "RB022", alias: "literal-credential", tags: ["secrets"], severity: .error,
        summary: "A code block holds what looks like a literal password, token or private key.",
        rationale: """
            Runbooks live in repositories, wikis and exported handoff documents. A password, API \
            token or private key written into one is readable by everyone who can read those, \
            forever (it stays in history). Recognised: private-key blocks, AWS, GitHub, GitLab, \
            Slack and Stripe token formats, `PASSWORD=…`/`TOKEN=…`-style assignments, \
            `--password …` options, passwords in URLs and literal `Authorization` headers. \
            Placeholders and obvious examples (`<password>`, `$TOKEN`, `changeme`, `xxxx`, \
            `example…`, `12345`, `something`, `foobar`, a URL password equal to its user name) are not reported.
            """,
        fix:
            "Declare a variable with `secret: true` and use it (`--password \"$DB_PASSWORD\"`), or read the credential from a secret store; rotate any credential that was committed.",
        triggering: [
            .init("---\ntitle: T\n---\n\n```bash\nexport DB_PASSWORD=hunter2hunter2\n```\n", line: 6, column: 8),
            .init("---\ntitle: T\n---\n\n```yaml\naws_access_key_id: AKIAIOSFODNN7ABCDEFG\n```\n", line: 6, column: 20),
            .init(
                "---\ntitle: T\n---\n\n```bash\ncurl https://admin:s3cr3tpass@nas.local/api\n```\n", line: 6, column: 6),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nvariables:\n  DB_PASSWORD: { secret: true }\n---\n\n```bash\nexport PGPASSWORD=\"$DB_PASSWORD\"\nmysql --password=<password>\nTOKEN_FILE=/etc/token\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        var violations: [Violation] = []
        for block in context.blocks {
            for (what, line, column) in CredentialPatterns.tokens(in: block.code) {
                violations.append(
                    Violation(
                        at: SourceLocation(
                            file: block.location.file, line: block.firstCodeLine + line,
                            column: column + (block.isIndented ? 0 : block.location.column - 1)),
                        "This block holds what looks like \(what); never commit credentials: use a variable with 'secret: true' and rotate this one."
                    ))
            }
        }
        for script in context.scripts {
            for (what, offset) in CredentialPatterns.shellCredentials(in: script.analysis) {
                violations.append(
                    Violation(
                        at: script.view.location(ofOffset: offset),
                        "This step writes \(what) literally; declare a variable with 'secret: true' and use it instead, and rotate this credential."
                    ))
            }
        }
        return violations
    }
}
