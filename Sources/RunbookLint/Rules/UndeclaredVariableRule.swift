import RunbookDocument

/// RB014: a variable nobody sets expands to nothing, and `rm -rf "$DIR/"` becomes `rm -rf /`.
struct UndeclaredVariableRule: Rule {
    static let description = RuleDescription(
        id: "RB014", alias: "undeclared-variable", tags: ["variables"], severity: .warning,
        summary: "A step uses a variable that is neither declared nor exported by an earlier step.",
        rationale: """
            An unset variable expands to an empty string without complaint, so a command runs \
            against the wrong target. A runbook reads as one shell session: a variable is \
            available when the front matter declares it (`variables:` or `env:`), when an earlier \
            step exports it, or when the same step sets it. A plain `NAME=value` in an earlier step \
            does not reach later steps, because each step runs in its own process and only the \
            exported environment carries over. Standard variables (`HOME`, `PATH`, `USER`, …) and \
            expansions with a fallback (`${NAME:-default}`) are not reported. An `export` in an \
            indented code block does not count: such blocks are never run, and the message says so.
            """,
        fix:
            "Declare the variable under `variables:` in the front matter (with a default, a description or `secret: true`), or `export` it in the step that sets it.",
        triggering: [
            .init("---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot \"$POOL@now\"\n```\n", line: 6, column: 15),
            .init(
                "---\ntitle: Snapshot\n---\n\n```bash\nSNAP=daily\n```\n\n```bash\nzfs snapshot \"tank@${SNAP}\"\n```\n",
                line: 10, column: 20),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: Snapshot\nvariables:\n  POOL: tank\n---\n\n```bash\nexport SNAP=daily\n```\n\n```bash\nzfs snapshot \"$POOL@$SNAP\" \"${TAG:-x}\" \"$HOME\"\n```\n"
            ),
            .init(
                "---\ntitle: Loop\n---\n\n```bash\nfor disk in sda sdb; do smartctl -H \"/dev/$disk\"; done\nread -r answer\necho '$LITERAL' \"$answer\"\n```\n"
            ),
        ])

    var description: RuleDescription { Self.description }

    /// Variables the shell, the login session or the engine set.
    static let standardNames: Set<String> = [
        "HOME", "PATH", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TERM", "LANG", "LANGUAGE", "TZ",
        "TMPDIR", "HOSTNAME", "HOSTTYPE", "OSTYPE", "MACHTYPE", "UID", "EUID", "GROUPS", "PPID", "RANDOM",
        "SECONDS", "LINENO", "IFS", "PS1", "PS2", "PS3", "PS4", "OPTARG", "OPTIND", "OPTERR", "REPLY",
        "PIPESTATUS", "FUNCNAME", "EDITOR", "VISUAL", "PAGER", "DISPLAY", "MAIL", "SHLVL", "COLUMNS",
        "LINES", "BASH", "BASH_VERSION", "BASH_SOURCE", "BASH_REMATCH", "BASHPID", "EPOCHSECONDS",
        "EPOCHREALTIME", "SSH_AUTH_SOCK", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "SUDO_USER",
        "SUDO_UID", "SUDO_GID", "NO_COLOR", "CI",
    ]

    func check(_ context: LintContext) -> [Violation] {
        let declared = context.declaredNames
        var exported = Set<String>()
        var setWithoutExport: [String: String] = [:]
        var reported = Set<String>()
        var violations: [Violation] = []
        let scripts = context.scripts
        // Exports in indented code blocks, which look like steps but never run.
        var indentedExports: [String: Int] = [:]
        for block in context.blocks where block.isIndented && block.code.contains("export") {
            for assignment in ShellScanner.analyze(Array(block.code.utf8)).assignments where assignment.isExported {
                if indentedExports[assignment.name] == nil { indentedExports[assignment.name] = block.location.line }
            }
        }
        for (index, script) in scripts.enumerated() {
            let local = Set(script.analysis.assignments.map(\.name))
            for reference in script.analysis.references where !reference.hasFallback {
                let name = reference.name
                guard !declared.contains(name), !exported.contains(name), !local.contains(name),
                    !Self.isStandard(name), reported.insert(name).inserted
                else { continue }
                let location = script.view.location(ofOffset: reference.offset)
                if let step = setWithoutExport[name] {
                    violations.append(
                        Violation(
                            at: location,
                            "'\(name)' is set by the step '\(step)' without 'export', so this step does not see it; write 'export \(name)=…' there or declare it under 'variables:'."
                        ))
                } else if let line = indentedExports[name] {
                    violations.append(
                        Violation(
                            at: location,
                            "'\(name)' is only exported in the indented code block at line \(line), which is not a step (indented blocks are never run); make that block a fenced ```bash block or declare '\(name)' under 'variables:'."
                        ))
                } else if let later = scripts[(index + 1)...].first(where: {
                    $0.analysis.assignments.contains { $0.name == name }
                }) {
                    violations.append(
                        Violation(
                            at: location,
                            "'\(name)' is used here but only set by the later step '\(later.step.id)'; declare it under 'variables:' or set it before this step."
                        ))
                } else {
                    violations.append(
                        Violation(
                            at: location,
                            "'\(name)' is not declared under 'variables:' and no earlier step exports it, so it may expand to nothing\(Suggestion.hint(for: name, in: declared))."
                        ))
                }
            }
            if case .variable(let name) = script.step.confirmation, !declared.contains(name), !exported.contains(name),
                reported.insert(name).inserted
            {
                violations.append(
                    Violation(
                        at: script.step.location,
                        "The confirmation asks for '$\(name)', which is not declared under 'variables:' and no earlier step exports it."
                    ))
            }
            for assignment in script.analysis.assignments {
                if assignment.isExported {
                    exported.insert(assignment.name)
                } else {
                    setWithoutExport[assignment.name] = script.step.id
                }
            }
            // `NAME=1; export NAME` exports what an earlier line set.
            for assignment in script.analysis.assignments where assignment.isExported {
                setWithoutExport[assignment.name] = nil
            }
        }
        return violations
    }

    private static func isStandard(_ name: String) -> Bool {
        standardNames.contains(name) || name.hasPrefix("RUNBOOK_") || name.hasPrefix("LC_") || name.hasPrefix("XDG_")
    }
}
