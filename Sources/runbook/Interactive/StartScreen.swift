import RunbookKit

/// The first screen: which runbook (title, version, content hash), how urgent, and the whole
/// checklist at a glance, so the operator knows what they are about to walk through.
struct StartScreen {
    let runbook: Runbook
    let screen: Screen

    func render() {
        let style = screen.style, symbols = screen.symbols, width = screen.width
        screen.line(style.bold(runbook.title))
        var facts = [
            runbook.version.map { "version \($0)" }, "content \(runbook.contentHash.prefix(12))",
            "priority \(runbook.priority.rawValue)",
        ]
        facts.append(runbook.category.map { $0.rawValue })
        screen.line(style.dim(facts.compactMap { $0 }.joined(separator: " \(symbols.dot) ")))
        screen.line(style.dim(runbook.path))
        if let description = runbook.description {
            screen.line("")
            for line in TextLayout.wrap(description, width: width) { screen.line(line) }
        }
        screen.line("")
        if !runbook.contacts.isEmpty {
            screen.line(style.bold("Contacts") + ":")
            for contact in runbook.contacts {
                for line in TextLayout.wrap(contact.summary, width: width - 2) { screen.line("  " + line) }
            }
        }
        if !runbook.prerequisites.isEmpty {
            let manual = runbook.prerequisites.filter { $0.kind == .manual }.count
            let checks = runbook.prerequisites.count - manual
            var parts: [String] = []
            if checks > 0 { parts.append("\(checks) automatic check\(checks == 1 ? "" : "s")") }
            if manual > 0 { parts.append("\(manual) to confirm") }
            screen.line(style.bold("Prerequisites") + ": " + parts.joined(separator: ", "))
        }
        screen.line(style.bold("Steps") + ":")
        let digits = String(runbook.steps.count).count
        for (index, step) in runbook.steps.enumerated() {
            var marks: [String] = []
            if step.kind == .manual { marks.append("manual") }
            if step.isDestructive { marks.append(style.red("destructive")) }
            if step.confirmation.isRequired { marks.append(style.yellow("confirm")) }
            if step.isExcluded { marks.append("not run") }
            let number = String(index + 1).leftPadded(digits)
            let suffix = marks.isEmpty ? "" : "  " + marks.joined(separator: ", ")
            screen.line("  \(number). " + step.title + style.dim(suffix))
        }
        if !runbook.validation.isEmpty {
            screen.line(
                style.bold("Validation")
                    + ": \(runbook.validation.count) check\(runbook.validation.count == 1 ? "" : "s")")
        }
        screen.line(
            style.bold("Rollback") + ": "
                + (runbook.rollback.isEmpty
                    ? style.yellow("none written")
                    : "\(runbook.rollback.count) step\(runbook.rollback.count == 1 ? "" : "s"), only if you ask for it")
        )
        screen.line("")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
