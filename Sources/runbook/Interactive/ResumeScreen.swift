import RunbookKit

/// What a resumed run shows before it continues, every fact read from the run's fold
/// (`RunState`, `RunProgress`): the checklist with a mark per step, the variables the run
/// uses, the notes written so far, and the steps the runbook changed since the run started.
struct ResumeScreen {
    let runbook: Runbook
    let screen: Screen

    func render(_ run: RunRecord, state: RunState, changes: [StepChange]) {
        let style = screen.style, symbols = screen.symbols
        let progress = RunProgress(state: state, runbook: runbook)
        screen.line(
            style.bold("Resuming run \(run.id)")
                + style.dim(
                    " \(symbols.dot) \(progress.done) of \(progress.total) step\(progress.total == 1 ? "" : "s") done"
                        + (state.pauseReason.map { " \(symbols.dot) stopped: \($0)" } ?? "")))
        screen.line(style.bold("Checklist so far") + ":")
        let checklist = runbook.prerequisites + runbook.steps + runbook.validation
        let changed = Dictionary(changes.map { ($0.stepID, $0.kind) }, uniquingKeysWith: { first, _ in first })
        for (index, step) in checklist.enumerated() {
            let mark = RunProgress.mark(of: step.id, in: state)
            var line = "  \(symbol(mark)) \(index + 1). \(step.title)  " + style.dim(mark.rawValue)
            if let kind = changed[step.id] { line += style.yellow(" (\(kind.rawValue) since the run started)") }
            screen.line(line)
        }
        for change in changes where change.kind == .removed {
            screen.line(
                style.yellow("  \(symbols.warning) \(change.stepID): removed from the runbook since the run started"))
        }
        if !run.variables.isEmpty {
            screen.line(
                style.bold("Variables") + ": "
                    + run.variables.keys.sorted().map { "\($0)=\(run.variables[$0]!)" }.joined(separator: "  "))
        }
        if !state.notes.isEmpty {
            screen.line(style.bold("Notes so far") + ":")
            for note in state.notes { screen.line("  " + (note.stepID.map { "[\($0)] " } ?? "") + note.text) }
        }
        if !changes.isEmpty {
            screen.line(
                style.yellow("The runbook changed since the run started: ")
                    + changes.map(\.description).joined(separator: ", "))
        }
        screen.line("")
    }

    private func symbol(_ mark: RunProgress.Mark) -> String {
        let style = screen.style, symbols = screen.symbols
        switch mark {
        case .done: return style.green(symbols.ok)
        case .skipped, .overridden: return style.yellow(symbols.skipped)
        case .failed: return style.red(symbols.failed)
        case .interrupted: return style.yellow(symbols.warning)
        case .running: return symbols.arrow
        case .notRun: return " "
        }
    }
}
