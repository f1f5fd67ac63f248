import Foundation
import RunbookKit

/// The emergency view of a runbook: only the commands, in order, and every confirmation
/// spelled out, ready to paste into a shell section by section.
///
/// Pasting must do what the runbook says and nothing else, so the view never edits a
/// command: the variables' values come first as `export NAME='value'` lines (single-quoted,
/// each with where it came from), and the shell substitutes them in the commands verbatim,
/// quotes, heredocs and all, as a run would. Everything else is a comment, and text from the
/// file or a value can never end a comment line early: newlines and other control characters
/// in it are shown escaped.
struct QuickReferenceRenderer {
    let variables: ResolvedVariables
    /// The environment the values came from, which a `cwd` is also expanded in.
    var processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    var invocationDirectory: String = FileManager.default.currentDirectoryPath

    func render(_ runbook: Runbook) -> String {
        var out: [String] = []
        out += comment("\(runbook.title) — quick reference")
        out += comment(
            "\(runbook.id)\(runbook.version.map { " v\($0)" } ?? "") · sha256:\(runbook.contentHash.prefix(12)) · priority \(runbook.priority.rawValue)"
        )
        if !runbook.contacts.isEmpty {
            out.append("")
            out += comment("Contacts:")
            for contact in runbook.contacts { out += comment("  \(contact.summary)") }
        }
        exports(runbook, into: &out)
        let base = Engine.runbookDirectory(runbook, invocationDirectory: invocationDirectory)
        if let directory = runbook.workingDirectory {
            out.append("")
            out += comment("The runbook's working directory (cwd):")
            // The engine expands the front matter's cwd in the caller's environment only.
            out.append(changeDirectory(directory, environment: processEnvironment, base: base))
        }
        let environment = Engine.baseline(runbook, values: variables.values, processEnvironment: processEnvironment)
        phase("Prerequisites", runbook.prerequisites, environment: environment, base: base, into: &out)
        phase("Steps", runbook.steps, environment: environment, base: base, into: &out, numbered: true)
        phase("Validation", runbook.validation, environment: environment, base: base, into: &out)
        phase("Rollback (only if needed)", runbook.rollback, environment: environment, base: base, into: &out)
        return out.joined(separator: "\n") + "\n"
    }

    /// `export` lines for every value the view knows, declared variables first.
    private func exports(_ runbook: Runbook, into out: inout [String]) {
        let declared = runbook.variables.map(\.name)
        let extra = variables.values.keys.filter { !declared.contains($0) }.sorted()
        guard !declared.isEmpty || !extra.isEmpty else { return }
        out.append("")
        out += comment("Variables: paste these first.")
        for variable in runbook.variables {
            let name = variable.name
            if variable.isSecret {
                out += comment("\(name) is secret: read -rs \(name); export \(name)")
            } else if let value = variables.values[name] {
                out += comment("\(name): from \(describe(variables.sources[name]))")
                out.append("export \(name)=\(QuickReferenceRenderer.singleQuoted(value))")
            } else {
                out += comment(
                    "\(name) has no value (give --var \(name)=…)\(variable.description.map { ": \($0)" } ?? ""):")
                out += comment("export \(name)=…")
            }
        }
        for name in extra {
            out += comment("\(name): from --var (not declared by the runbook)")
            out.append("export \(name)=\(QuickReferenceRenderer.singleQuoted(variables.values[name] ?? ""))")
        }
    }

    private func describe(_ source: VariableSource?) -> String {
        switch source {
        case .option, nil: "--var"
        case .environment: "the environment"
        case .frontMatterDefault: "the runbook's default"
        case .stored: "the stored run"
        case .driver: "the operator"
        case .dotEnv: "the .env file"
        case .file: "--var-file"
        case .command: "--var-command"
        }
    }

    private func phase(
        _ title: String, _ steps: [Step], environment: [String: String], base: String, into out: inout [String],
        numbered: Bool = false
    ) {
        guard !steps.isEmpty else { return }
        out.append("")
        out.append("# ── \(title) " + String(repeating: "─", count: max(0, 60 - title.count)))
        for (index, step) in steps.enumerated() {
            let number = numbered ? "\(index + 1). " : ""
            out.append("")
            if step.kind == .manual {
                out += comment("\(number)[ ] \(step.command)  [\(step.id)]")
                continue
            }
            out += comment("\(number)\(step.title)  [\(step.id)]")
            switch step.confirmation {
            case .none: break
            case .yesNo: out += comment("CONFIRM before running: answer yes to go on.")
            case .phrase(let phrase): out += comment("CONFIRM before running: type \"\(phrase)\".")
            case .variable(let name): out += comment("CONFIRM before running: type the value of $\(name).")
            }
            if step.isDestructive { out += comment("DESTRUCTIVE: this step destroys data.") }
            if let directory = step.workingDirectory {
                out.append(changeDirectory(directory, environment: environment, base: base))
            }
            out.append(step.command.trimmingSuffixNewlines())
        }
    }

    /// `cd` to `directory` as the engine expands it. A directory naming a variable the view has
    /// no value for (one an earlier step exports) is left for the shell to expand, in double
    /// quotes with only its variable references live.
    private func changeDirectory(_ directory: String, environment: [String: String], base: String) -> String {
        let unknown = PathExpansion.references(in: directory).filter { environment[$0] == nil }
        guard !unknown.isEmpty else {
            return "cd "
                + QuickReferenceRenderer.singleQuoted(
                    PathExpansion.expand(directory, environment: environment, relativeTo: base))
        }
        var text = ""
        var index = directory.startIndex
        while index < directory.endIndex {
            let character = directory[index]
            let next = directory.index(after: index)
            let startsName =
                next < directory.endIndex
                && (directory[next] == "{" || directory[next] == "_" || directory[next].isLetter)
            if character == "$", startsName {
                text.append(character)
            } else if "\"\\`$".contains(character) {
                text += "\\" + String(character)
            } else {
                text.append(character)
            }
            index = next
        }
        let relative = !directory.hasPrefix("/") && !directory.hasPrefix("$") && !directory.hasPrefix("~")
        let home = directory == "~" || directory.hasPrefix("~/")
        if home { text = "$HOME" + text.dropFirst() }
        return "cd \""
            + (relative
                ? base.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    .replacingOccurrences(of: "$", with: "\\$").replacingOccurrences(of: "`", with: "\\`") + "/" : "")
            + text + "\""
    }

    /// `text` as shell comment lines: each line of it after `# `, control characters escaped,
    /// so nothing in it can end the comment and start a command.
    private func comment(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var shown = "# "
            for scalar in line.unicodeScalars {
                switch scalar.value {
                case 0x0D: shown += "\\r"
                case 0x09: shown += "\\t"
                case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029:
                    shown += "\\u{" + String(scalar.value, radix: 16) + "}"
                default: shown.unicodeScalars.append(scalar)
                }
            }
            return shown
        }
    }

    /// `value` in single quotes, which the shell takes literally, newlines included.
    static func singleQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension String {
    fileprivate func trimmingSuffixNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
