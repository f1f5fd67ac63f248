import RunbookDocument

/// RB019: a shell block without a language is shown but never run, and renders without highlighting.
struct FenceWithoutLanguageRule: Rule {
    static let description = RuleDescription(
        id: "RB019", alias: "fence-without-language", tags: ["shell", "style"], severity: .warning,
        summary: "A code fence without a language holds what looks like shell commands.",
        rationale: """
            Only blocks labelled with a shell language (`bash`, `sh`, `console`, …) become steps. \
            A fence without a language is skipped by the runner, so a command the author meant to \
            be run is silently left out of the checklist. (In a Runme document such a fence is a \
            shell step, as in Runme, and is not reported.)
            """,
        fix: "Label the fence: `bash` for commands, `console` for a `$ ` prompt transcript, `text` or `output` for anything else.",
        triggering: [
            .init("---\ntitle: T\nowner: ops\n---\n\n```\nsudo systemctl restart nginx\n```\n", line: 6, column: 1),
            .init("---\ntitle: T\nowner: ops\n---\n\n```\n$ oc get pods\n```\n", line: 6, column: 1),
        ],
        nonTriggering: [.init("---\ntitle: T\n---\n\n```\nERROR: connection refused\n```\n\n```text\nsudo is fine here\n```\n")])

    /// First words that mark a line as a command rather than prose or output.
    static let commandWords: Set<String> = [
        "sudo", "cd", "ls", "cat", "echo", "export", "kubectl", "oc", "docker", "podman", "git", "helm",
        "systemctl", "journalctl", "apt", "apt-get", "yum", "dnf", "curl", "wget", "zfs", "zpool", "pct", "qm",
        "pvesm", "ssh", "scp", "rsync", "mkdir", "cp", "mv", "rm", "chmod", "chown", "grep", "tail", "make",
        "npm", "pip", "brew", "terraform", "ansible-playbook", "psql", "mysql", "redis-cli", "etcdctl",
    ]

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        guard context.runbook.semantics == .runbook else { return [] }
        return context.blocks.compactMap { block in
            guard !block.isIndented, block.language.isEmpty, Self.looksLikeShell(block.code) else { return nil }
            return Violation(
                at: block.location,
                "This code block has no language but looks like shell commands, so it is not a step; label it 'bash' (or 'console' for a '$ ' transcript), or 'text' if it is not meant to run.")
        }
    }

    static func looksLikeShell(_ code: String) -> Bool {
        guard let line = code.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return false }
        var text = line.drop { $0 == " " || $0 == "\t" }
        if text.hasPrefix("#!/") { return true }
        if text.hasPrefix("$ ") { text = text.dropFirst(2) }
        else if text.hasPrefix("# ") || text.hasPrefix("> ") { return false }
        let word = text.prefix { !$0.isWhitespace }
        return commandWords.contains(String(word)) && word.count < text.count
    }
}
