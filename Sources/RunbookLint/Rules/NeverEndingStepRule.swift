import RunbookDocument

/// RB026: a step that follows a log or watches a command never finishes on its own.
struct NeverEndingStepRule: Rule {
    static let description = RuleDescription(
        id: "RB026", alias: "never-ending-step", tags: ["shell"], severity: .warning,
        summary:
            "A step runs a command that never ends on its own (`tail -f`, `journalctl -f`, `watch`, …) without `timeout=` or `interactive=true`.",
        rationale: """
            `tail -f`, `journalctl -f`, `kubectl logs -f`, `kubectl get -w`, `kubectl port-forward`, \
            `docker logs -f`, `watch`, `dmesg -w`, `ping` without `-c`, `top` without `-n`, \
            `tcpdump` without `-c` and `vmstat 5` run until they are interrupted. Under `--auto` the \
            run hangs there; interactively the operator must know to press Ctrl-C, and the step is \
            then recorded as interrupted rather than done. Not reported: a step with a `timeout=`, \
            an `interactive=true` step, a command behind `timeout`, one sent to the background \
            with `&`, and one piped into a command that stops it (`| grep -m1 ready`, `| head`).
            """,
        fix:
            "Add `timeout=30s` (the step ends when time is up) or `interactive=true` (the operator watches and stops it), run it as `timeout 30 …`, or bound it (`journalctl -n 100`, `ping -c 3`).",
        triggering: [
            .init("---\ntitle: T\n---\n\n```bash\njournalctl -fu nginx\n```\n", line: 6, column: 1),
            .init("---\ntitle: T\n---\n\n```bash\nsudo kubectl logs -f deploy/web\n```\n", line: 6, column: 6),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\n---\n\n```bash {timeout=1m}\njournalctl -fu nginx\n```\n\n```bash {interactive=true}\nwatch zpool status\n```\n\n```bash\ntail -f app.log | grep -m1 'ready'\nping -c 3 10.0.0.1\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        var violations: [Violation] = []
        for script in context.scripts where script.step.timeout == nil && !script.step.isInteractive {
            let commands = script.analysis.commands
            for (index, command) in commands.enumerated() {
                guard let nameIndex = command.nameIndex else { continue }
                let wrappers = command.words[..<nameIndex]
                // `watch` is a wrapper to the scanner (`watch -n 5 zpool status` runs zpool), and never ends.
                let watch = wrappers.first { $0.text == "watch" }
                guard !wrappers.contains(where: { $0.text == "timeout" }), command.ending != .background,
                    !(command.ending == .pipe && index + 1 < commands.count && Self.stopsInput(commands[index + 1])),
                    let what = watch.flatMap({ _ in
                        Self.followingCommand(wrappers.drop { $0.text != "watch" }.map(\.text))
                    })
                        ?? Self.followingCommand(command.invocation.map(\.text))
                else { continue }
                violations.append(
                    Violation(
                        at: script.view.location(ofOffset: watch?.offset ?? command.words[nameIndex].offset),
                        "'\(what)' never ends on its own, so this step waits until it is interrupted; add timeout=30s or interactive=true to the block's attributes, or bound the command."
                    ))
            }
        }
        return violations
    }

    /// What makes the command run until interrupted, or nil when it ends by itself.
    static func followingCommand(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        let program = ShellWords.asciiBaseName(first) ?? first.split(separator: "/").last.map(String.init) ?? first
        // Most commands are none of these: the arguments are not looked at then.
        guard followedPrograms.contains(program) else { return nil }
        let arguments = Array(words.dropFirst())
        let positionals = arguments.filter { !$0.hasPrefix("-") }
        switch program {
        case "tail":
            return hasOption(arguments, short: "fF", long: ["--follow"]) ? "tail -f" : nil
        case "journalctl":
            return hasOption(arguments, short: "f", long: ["--follow"]) ? "journalctl -f" : nil
        case "dmesg":
            return hasOption(arguments, short: "wW", long: ["--follow", "--follow-new"]) ? "dmesg -w" : nil
        case "watch":
            return hasOption(arguments, short: "g", long: ["--chgexit"]) ? nil : "watch"
        case "kubectl", "oc":
            let verb = positionals.first { ["logs", "get", "port-forward", "proxy", "attach", "events"].contains($0) }
            switch verb {
            case "logs", "attach":
                return hasOption(arguments, short: "f", long: ["--follow"]) ? "\(program) logs -f" : nil
            case "get", "events":
                // Exactly `-w`: `-owide` is an output format, not a watch.
                let watches =
                    arguments.contains("-w") || hasOption(arguments, short: "", long: ["--watch", "--watch-only"])
                return watches ? "\(program) \(verb!) -w" : nil
            case "port-forward", "proxy":
                return "\(program) \(verb!)"
            default:
                return nil
            }
        case "docker", "podman":
            if positionals.contains("logs") {
                return hasOption(arguments, short: "f", long: ["--follow"]) ? "\(program) logs -f" : nil
            }
            if positionals.first == "events", !arguments.contains(where: { $0.hasPrefix("--until") }) {
                return "\(program) events"
            }
            if positionals.first == "stats", !arguments.contains("--no-stream") { return "\(program) stats" }
            return nil
        case "ping", "ping6":
            return hasOption(arguments, short: "cw", long: ["--count", "--deadline"]) ? nil : program
        case "top":
            return hasOption(arguments, short: "n", long: ["--iterations"]) ? nil : "top"
        case "htop", "stern", "k9s":
            return program
        case "tcpdump":
            return hasOption(arguments, short: "c", long: []) ? nil : "tcpdump"
        case "vmstat", "iostat", "mpstat", "pidstat", "sar":
            // One number is an interval (runs forever); a second one is a count.
            let numbers = positionals.filter { $0.allSatisfy(\.isNumber) }
            return numbers.count == 1 ? "\(program) \(numbers[0])" : nil
        case "sleep":
            return arguments.first == "infinity" ? "sleep infinity" : nil
        default:
            return nil
        }
    }

    /// The programs `followingCommand` knows; every other one ends by itself.
    private static let followedPrograms: Set<String> = [
        "tail", "journalctl", "dmesg", "watch", "kubectl", "oc", "docker", "podman", "ping", "ping6", "top", "htop",
        "stern", "k9s", "tcpdump", "vmstat", "iostat", "mpstat", "pidstat", "sar", "sleep",
    ]

    /// True when `command`, reading a pipe, exits early and so stops the command before it.
    private static func stopsInput(_ command: ShellAnalysis.Command) -> Bool {
        let words = command.invocation.map(\.text)
        guard let program = words.first else { return false }
        let arguments = Array(words.dropFirst())
        switch program {
        case "grep", "egrep", "fgrep", "rg":
            return hasOption(
                arguments, short: "mqlL", long: ["--max-count", "--quiet", "--silent", "--files-with-matches"])
                || arguments.contains { $0.hasPrefix("--max-count=") }
        case "head":
            return true
        case "awk", "gawk":
            return arguments.contains { $0.contains("exit") }
        case "sed":
            return arguments.contains { !$0.hasPrefix("-") && $0.contains("q") }
        default:
            return false
        }
    }

    /// `-f`, a cluster holding it (`-fu`), or a long option (`--follow`, `--follow=name`).
    private static func hasOption(_ arguments: [String], short: String, long: Set<String>) -> Bool {
        arguments.contains { argument in
            if argument.hasPrefix("--") {
                let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
                return long.contains(name) && !argument.hasSuffix("=false")
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { return false }
            return argument.dropFirst().contains { short.contains($0) }
        }
    }
}
