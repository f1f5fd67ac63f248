import RunbookKit

/// The emergency view of a runbook: only the commands, in order, with variables filled in where
/// that is safe, and every confirmation spelled out. Everything else is a shell comment, so the
/// whole text can be pasted into a terminal section by section.
struct QuickReferenceRenderer {
    let variables: ResolvedVariables

    func render(_ runbook: Runbook) -> String {
        var out: [String] = []
        out.append("# \(runbook.title) — quick reference")
        out.append("# \(runbook.id)\(runbook.version.map { " v\($0)" } ?? "") · sha256:\(runbook.contentHash.prefix(12)) · priority \(runbook.priority.rawValue)")
        let unset = runbook.variables.filter { needsExport($0.name) }
        if !unset.isEmpty {
            out.append("#")
            out.append("# Set these first (secrets and values that are not safe to paste inline):")
            for variable in unset {
                if variable.isSecret {
                    out.append("#   read -rs \(variable.name); export \(variable.name)   # secret")
                } else if let value = variables.values[variable.name] {
                    out.append("export \(variable.name)=\(ShellQuoting.quote(value))")
                } else {
                    out.append("#   export \(variable.name)=…   # no default\(variable.description.map { ": \($0)" } ?? "")")
                }
            }
        }
        phase("Prerequisites", runbook.prerequisites, into: &out)
        phase("Steps", runbook.steps, into: &out, numbered: true)
        phase("Validation", runbook.validation, into: &out)
        phase("Rollback (only if needed)", runbook.rollback, into: &out)
        return out.joined(separator: "\n") + "\n"
    }

    private func phase(_ title: String, _ steps: [Step], into out: inout [String], numbered: Bool = false) {
        guard !steps.isEmpty else { return }
        out.append("")
        out.append("# ── \(title) " + String(repeating: "─", count: max(0, 60 - title.count)))
        for (index, step) in steps.enumerated() {
            let number = numbered ? "\(index + 1). " : ""
            out.append("")
            if step.kind == .manual {
                out.append("# \(number)[ ] \(step.command)  [\(step.id)]")
                continue
            }
            out.append("# \(number)\(step.title)  [\(step.id)]")
            switch step.confirmation {
            case .none: break
            case .yesNo: out.append("# CONFIRM before running: answer yes to go on.")
            case .phrase(let phrase): out.append("# CONFIRM before running: type \"\(phrase)\".")
            case .variable(let name):
                let value = variables.secretNames.contains(name) ? "[secret]" : variables.values[name].map { "\"\($0)\"" } ?? "its value"
                out.append("# CONFIRM before running: type the value of $\(name) (\(value)).")
            }
            if step.isDestructive { out.append("# DESTRUCTIVE: this step destroys data.") }
            if let directory = step.workingDirectory { out.append("cd \(ShellQuoting.quote(directory))") }
            out.append(substitute(step.command).trimmingSuffixNewlines())
        }
    }

    private func needsExport(_ name: String) -> Bool {
        guard let value = variables.values[name], !variables.secretNames.contains(name) else { return true }
        return !ShellQuoting.isSafeBare(value)
    }

    /// Replaces `$NAME` and `${NAME}` of variables with safe values, outside single quotes.
    private func substitute(_ command: String) -> String {
        var out = ""
        var inSingleQuotes = false
        var index = command.startIndex
        while index < command.endIndex {
            let character = command[index]
            if character == "'" { inSingleQuotes.toggle() }
            if character == "$", !inSingleQuotes, let (name, end) = reference(in: command, at: index),
               let value = variables.values[name], !variables.secretNames.contains(name), ShellQuoting.isSafeBare(value) {
                out += value
                index = end
                continue
            }
            if character == "\\", let next = command.index(index, offsetBy: 1, limitedBy: command.endIndex), next < command.endIndex {
                out.append(character)
                out.append(command[next])
                index = command.index(after: next)
                continue
            }
            out.append(character)
            index = command.index(after: index)
        }
        return out
    }

    /// `$NAME` or `${NAME}` at `start` (not `${NAME:-…}`, whose meaning depends on the value).
    private func reference(in text: String, at start: String.Index) -> (String, String.Index)? {
        var index = text.index(after: start)
        let braced = index < text.endIndex && text[index] == "{"
        if braced { index = text.index(after: index) }
        let nameStart = index
        while index < text.endIndex, text[index] == "_" || (text[index].isASCII && (text[index].isLetter || text[index].isNumber)) {
            index = text.index(after: index)
        }
        let name = String(text[nameStart..<index])
        guard let first = name.first, !first.isNumber else { return nil }
        if braced {
            guard index < text.endIndex, text[index] == "}" else { return nil }
            index = text.index(after: index)
        }
        return (name, index)
    }
}

private extension String {
    func trimmingSuffixNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
