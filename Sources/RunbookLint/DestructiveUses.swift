import RunbookDocument

/// A place where a step destroys data: a listed command, a write to a device, dropping SQL,
/// or a block its author marked `destructive=true`.
public struct DestructiveUse: Sendable {
    /// Index into `LintContext.scripts`.
    public var scriptIndex: Int
    /// What is destructive, for messages: `zfs destroy`, `DROP TABLE`, `destructive=true`.
    public var what: String
    public var location: SourceLocation
}

extension LintContext {
    /// Every destructive use in the runbook's steps, in run order.
    func findDestructiveUses() -> [DestructiveUse] {
        var uses: [DestructiveUse] = []
        for (index, script) in scripts.enumerated() {
            if script.step.isDestructive {
                uses.append(
                    DestructiveUse(scriptIndex: index, what: "destructive=true", location: script.step.location))
            }
            // SQL found in the text points at the statement itself; a client's argument is only
            // reported when the text search missed it (`TRUNCATE jobs`, `DROP INDEX`).
            let sqlInText = DestructiveCommands.sqlMatch(in: script.view.text)
            for command in script.analysis.commands {
                for (what, offset) in Self.destructiveParts(of: command)
                where sqlInText == nil || !DestructiveCommands.isSQL(what) {
                    uses.append(
                        DestructiveUse(scriptIndex: index, what: what, location: script.view.location(ofOffset: offset))
                    )
                }
            }
            if let sql = sqlInText {
                uses.append(
                    DestructiveUse(
                        scriptIndex: index, what: sql.statement, location: script.view.location(ofOffset: sql.offset)))
            }
        }
        return uses
    }

    /// The destructive parts of one command: the program itself, a program run through
    /// `kubectl exec … --`, a command string given to `ssh` or `bash -c`, and device redirections.
    private static func destructiveParts(of command: ShellAnalysis.Command) -> [(String, Int)] {
        var parts: [(String, Int)] = []
        let invocation = Array(command.invocation)
        let words = invocation.map(\.text)
        if let what = DestructiveCommands.match(words) {
            parts.append((what, invocation[0].offset))
        } else if let separator = words.firstIndex(of: "--"), separator + 1 < words.count,
            let what = DestructiveCommands.match(Array(words[(separator + 1)...]))
        {
            parts.append((what, invocation[separator + 1].offset))
        } else if let nested = nestedScript(words), let what = nestedMatch(invocation[nested].text) {
            parts.append((what, invocation[nested].offset))
        }
        for target in command.outputTargets where DestructiveCommands.isDevice(target.text) {
            parts.append(("a redirection onto \(target.text)", target.offset))
        }
        return parts
    }

    /// Index of the word holding a command string: `ssh host 'cmd'`, `bash -c 'cmd'`.
    private static func nestedScript(_ words: [String]) -> Int? {
        guard let program = words.first else { return nil }
        if ["bash", "sh", "zsh", "su"].contains(program), let flag = words.firstIndex(of: "-c"), flag + 1 < words.count
        {
            return flag + 1
        }
        if program == "ssh", words.count > 2 { return words.count - 1 }
        return nil
    }

    private static func nestedMatch(_ text: String) -> String? {
        let nested = ShellScanner.analyze(Array(text.utf8))
        for command in nested.commands {
            if let what = DestructiveCommands.match(command.invocation.map(\.text)) { return what }
        }
        return nil
    }
}
