import RunbookDocument

/// The binder as one Markdown file (`runbook binder --format md`): the same chapters as the
/// HTML, for a wiki or a git repository. Text from runbooks is escaped so it cannot become
/// markup; commands sit in fences longer than any backtick run inside them.
public enum BinderMarkdown {
    public static func render(_ binder: Binder) -> String {
        var lines = ["# Runbook binder", ""]
        lines.append(
            "\(binder.runbooks.count) runbooks, most critical first. Generated \(text(binder.generatedAt)) by runbook.")
        lines.append("")
        lines.append("## Contents")
        lines.append("")
        for (index, runbook) in binder.runbooks.enumerated() {
            lines.append(
                "\(index + 1). [\(text(runbook.title))](#\(Binder.anchor(index))) — \(runbook.priority.rawValue)"
                    + (runbook.category.map { ", \($0.rawValue)" } ?? ""))
        }
        for (index, runbook) in binder.runbooks.enumerated() {
            lines.append("")
            lines.append("---")
            lines.append("")
            lines.append("<a id=\"\(Binder.anchor(index))\"></a>")
            lines.append("")
            lines += chapter(runbook)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func chapter(_ runbook: Runbook) -> [String] {
        var lines = ["## \(text(runbook.title))", ""]
        var facts = "**\(runbook.priority.rawValue)**"
        if let category = runbook.category { facts += " · \(category.rawValue)" }
        facts += " · \(code(runbook.id))"
        if let version = runbook.version { facts += " · version \(text(version))" }
        facts += " · \(code(runbook.path)) · sha256:\(runbook.contentHash.prefix(12))"
        lines.append(facts)
        if let description = runbook.description {
            lines += ["", text(description)]
        }
        if !runbook.contacts.isEmpty {
            lines += ["", "### Contacts", "", "| Name | Role | Reach | Escalate when |", "| --- | --- | --- | --- |"]
            for contact in runbook.contacts {
                lines.append(
                    "| \(cell(contact.name)) | \(cell(contact.role ?? "")) | \(cell(contact.reach ?? "")) | \(cell(contact.escalateWhen ?? "")) |"
                )
            }
        }
        if !runbook.variables.isEmpty {
            lines += ["", "### Values", "", "| Variable | Default | Meaning |", "| --- | --- | --- |"]
            for variable in runbook.variables {
                lines.append(
                    "| \(code(variable.name)) | \(code(Binder.shownDefault(variable))) | \(cell(variable.description ?? "")) |"
                )
            }
        }
        lines += phase("Prerequisites", runbook.prerequisites)
        lines += phase("Quick reference", runbook.steps)
        lines += phase("Validation", runbook.validation)
        lines += phase("Rollback", runbook.rollback)
        return lines
    }

    private static func phase(_ title: String, _ steps: [Step]) -> [String] {
        guard !steps.isEmpty else { return [] }
        var lines = ["", "### \(title)"]
        for (index, step) in steps.enumerated() {
            lines.append("")
            if step.kind == .manual {
                lines.append("\(index + 1). ☐ \(text(step.command))")
                continue
            }
            lines.append("\(index + 1). **\(text(step.title))** [\(text(step.id))]")
            if let confirmation = Binder.confirmation(of: step) {
                lines.append("   **\(text(confirmation))**")
            }
            let command = Binder.command(of: step)
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(command) + 1))
            lines.append("")
            lines.append("   \(fence)sh")
            lines += command.split(separator: "\n", omittingEmptySubsequences: false).map {
                "   " + visible(String($0))
            }
            lines.append("   \(fence)")
        }
        return lines
    }

    /// Prose with Markdown's and HTML's special characters escaped, on one line.
    static func text(_ value: String) -> String {
        var result = ""
        for character in visible(value) {
            if character.isNewline {
                result.append(" ")
            } else if "\\`*_[]<>#|!&".contains(character) {
                result += "\\" + String(character)
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func cell(_ value: String) -> String { text(value) }

    /// An inline code span long enough for the backticks inside.
    static func code(_ value: String) -> String {
        let single = visible(value).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        let ticks = String(repeating: "`", count: longestBacktickRun(single) + 1)
        let pad = single.hasPrefix("`") || single.hasSuffix("`") ? " " : ""
        return ticks + pad + single + pad + ticks
    }

    /// Control characters (a terminal escape in a command) shown as their Unicode pictures.
    static func visible(_ value: String) -> String {
        String(
            String.UnicodeScalarView(
                value.unicodeScalars.map { scalar in
                    if scalar == "\n" || scalar == "\t" { return scalar }
                    return Binder.picture(of: scalar) ?? scalar
                }))
    }

    private static func longestBacktickRun(_ value: String) -> Int {
        var longest = 0
        var current = 0
        for character in value {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
