import RunbookKit

/// Renders a runbook as the checklist an operator reads before starting: what it is, what it
/// needs, every step in order with its marks, then how to check and how to undo.
struct ChecklistRenderer {
    let style: TextStyle
    /// The width to fit: `COLUMNS`, else the terminal's, else 80 (`TerminalSize.width`).
    var width = 80

    func render(_ runbook: Runbook) -> String {
        var out: [String] = []
        var heading = style.bold(runbook.title)
        heading += style.dim("  (\(runbook.id)\(runbook.version.map { ", version \($0)" } ?? ""))")
        out += wrapped(heading)
        var facts: [String] = []
        if let category = runbook.category { facts.append(category.rawValue) }
        facts.append("priority \(runbook.priority.rawValue)")
        if !runbook.tags.isEmpty { facts.append("tags: \(runbook.tags.joined(separator: ", "))") }
        // The operator should know before starting that an unset variable will not stop a step.
        if runbook.semantics == .runme { facts.append("runs as Runme does") }
        out += wrapped(facts.joined(separator: " · "))
        out += wrapped(style.dim("\(runbook.path)  sha256:\(runbook.contentHash.prefix(12))"))
        if let description = runbook.description {
            out.append("")
            out += WordWrap.lines(description, width: width)
        }

        if !runbook.variables.isEmpty {
            out.append("")
            out.append(style.bold("Variables"))
            let nameWidth = min(runbook.variables.map(\.name.count).max() ?? 0, 24)
            for variable in runbook.variables {
                out.append(fit("  " + variableLine(variable, nameWidth: nameWidth)))
            }
        }
        section("Prerequisites", runbook.prerequisites, runbook, into: &out)
        section("Steps", runbook.steps, runbook, into: &out, groupBySection: true)
        section("Validation", runbook.validation, runbook, into: &out)
        section("Rollback", runbook.rollback, runbook, into: &out)
        if runbook.allSteps.isEmpty {
            out.append("")
            out.append(style.dim("No steps: no shell or console blocks and no task-list items."))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` wrapped at word boundaries to the width (its escapes take no room); a line that
    /// fits is kept as it is, its double spaces included.
    private func wrapped(_ text: String, indent: String = "") -> [String] {
        guard indent.count + TextLayout.visibleWidth(text) > width else { return [indent + text] }
        return WordWrap.lines(text, width: width, indent: indent) { TextLayout.visibleWidth(String($0)) }
    }

    private func variableLine(_ variable: Variable, nameWidth: Int) -> String {
        var line = variable.name.padding(toLength: max(nameWidth, variable.name.count), withPad: " ", startingAt: 0)
        if variable.isSecret {
            line += "  " + style.yellow("(secret)")
        } else if let value = variable.defaultValue {
            line += "  = \(value)"
        } else {
            line += "  " + style.yellow("(asked)")
        }
        if let description = variable.description { line += "  " + style.dim(description.truncated(to: 40)) }
        if let pattern = variable.pattern { line += style.dim("  /\(pattern)/") }
        return line
    }

    private func section(
        _ title: String, _ steps: [Step], _ runbook: Runbook, into out: inout [String], groupBySection: Bool = false
    ) {
        guard !steps.isEmpty else { return }
        out.append("")
        out.append(style.bold(title))
        var lastGroup: [String]?
        let numberWidth = String(steps.count).count
        for (offset, step) in steps.enumerated() {
            if groupBySection {
                // The document's own title heading adds nothing to every group's name.
                var group = runbook.sectionPath(of: step)
                if group.first == runbook.title, group.count > 1 { group.removeFirst() }
                if group != lastGroup, !group.isEmpty {
                    out += wrapped(style.cyan(group.joined(separator: " › ")), indent: "  ")
                }
                lastGroup = group
            }
            let number = String(offset + 1).leftPadded(to: numberWidth)
            let kind: String
            switch step.kind {
            case .shell: kind = "run"
            case .console: kind = "run"
            case .manual: kind = step.isChecked ? "[x]" : "[ ]"
            }
            let indent = groupBySection ? "    " : "  "
            let prefix = "\(indent)\(number). \(kind) "
            var summary = step.kind == .manual ? step.title : step.summary
            if step.origin == .frontMatter, step.kind != .manual, step.title != step.summary {
                summary = "\(step.title): \(step.summary)"
            }
            out.append(prefix + summary.truncated(to: width - prefix.count))
            var marks = [style.dim(step.id)]
            switch step.confirmation {
            case .none: break
            case .yesNo: marks.append(style.yellow("confirm y/N"))
            case .phrase(let phrase): marks.append(style.yellow("confirm: type \"\(phrase)\""))
            case .variable(let name): marks.append(style.yellow("confirm: type the value of $\(name)"))
            }
            if step.isDestructive { marks.append(style.red("destructive")) }
            if let transcript = step.transcript {
                marks.append("checks \(transcript.count) command\(transcript.count == 1 ? "" : "s")")
            } else if step.expectedOutput != nil {
                marks.append("expects output")
            }
            if step.expectedOutput != nil || step.transcript != nil, runbook.expectation(of: step) == .strict {
                marks.append("mismatch fails")
            }
            if let timeout = step.timeout { marks.append("timeout \(DurationText.format(timeout))") }
            let hosts = runbook.hostNames(of: step)
            if !hosts.isEmpty { marks.append("on \(hosts.joined(separator: ", "))") }
            if step.isInteractive { marks.append("interactive") }
            if step.isExcluded { marks.append("not run with the rest") }
            if step.origin == .frontMatter { marks.append(style.dim("front matter")) }
            out.append(
                fit("\(indent)\(String(repeating: " ", count: numberWidth + 2))\(marks.joined(separator: " · "))"))
        }
    }
}

extension ChecklistRenderer {
    /// Cuts a line to `width` visible characters; escape sequences count as nothing, and a
    /// styled line that is cut ends with a reset so no colour leaks.
    func fit(_ line: String) -> String {
        guard line.count > width else { return line }
        var visible = 0
        var out = ""
        var inEscape = false
        for character in line {
            if inEscape {
                out.append(character)
                if character.isLetter { inEscape = false }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                out.append(character)
                continue
            }
            if visible == width - 1 {
                return out + "…" + (style.isEnabled ? "\u{1B}[0m" : "")
            }
            out.append(character)
            visible += 1
        }
        return out
    }
}

extension String {
    /// The string cut to `width` characters, with `…` marking the cut.
    func truncated(to width: Int) -> String {
        guard count > width, width > 1 else { return self }
        return String(prefix(width - 1)) + "…"
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
