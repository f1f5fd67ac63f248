import Foundation
import RunbookKit

extension InteractiveDriver {
    /// Shows the step (once per situation), then asks until the answer is one for the engine.
    func ask(_ request: DecisionRequest) -> Decision {
        let step = request.step.step
        let key = "\(step.id)|\(request.isRollback)|\(request.situation)"
        if shownRequest != key {
            shownRequest = key
            describe(request)
        }
        let (choices, defaultKey) = StepMenu.choices(for: request, onFailure: onFailure)
        let prompt = ChoicePrompt<StepAction>(screen: screen, keys: keys)
        while true {
            switch prompt.ask(choices, defaultKey: defaultKey, redrawKey: "l") {
            case .help:
                screen.line(prompt.help(choices, defaultKey: defaultKey))
            case .interrupt:
                screen.line(
                    screen.style.dim("Ctrl-C at a question pauses the run (resume it later with `runbook resume`)."))
                return .pause(reason: "Ctrl-C at the prompt of step \(step.id)")
            case .signal(let number):
                return .pause(reason: "signal \(number) while waiting for the operator at step \(step.id)")
            case .chosen(let action):
                if let decision = perform(action, request) { return decision }
            }
        }
    }

    /// Edits the command (starting from a kept edit, unless the operator restores the written
    /// command), shows the result and asks whether to run it; if not, whether to keep the edit
    /// for later or drop it.
    private func edit(_ request: DecisionRequest) -> Decision? {
        let style = screen.style, id = request.step.step.id
        var start = request.step.command
        if let kept = keptEdits[id] {
            let choices = [
                Choice(key: "e", label: "edit your edit", value: true, help: "change the edit you kept"),
                Choice(
                    key: "w", label: "restore the written command", value: false,
                    help: "drop your edit; the runbook's command stands"),
            ]
            switch ChoicePrompt<Bool>(screen: screen, keys: keys).ask(choices, defaultKey: "e") {
            case .chosen(true): start = kept
            case .chosen(false):
                keptEdits[id] = nil
                screen.line(style.dim("Restored the written command."))
                StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
                return nil
            case .help, .interrupt, .signal: return nil
            }
        }
        guard let edited = CommandEditor(driver: self).edit(start) else {
            screen.line(style.dim("Unchanged."))
            return nil
        }
        screen.line("Edited command:")
        showCommand(edited)
        if askYesNo("Run the edited command?", defaultYes: true) {
            keptEdits[id] = nil
            return .edit(edited)
        }
        let choices = [
            Choice(
                key: "k", label: "keep the edit", value: true,
                help: "run it later with r; e changes it or restores the written command"),
            Choice(key: "d", label: "drop it", value: false, help: "forget the edit; the written command stands"),
        ]
        switch ChoicePrompt<Bool>(screen: screen, keys: keys).ask(
            choices, defaultKey: "k", question: "Keep the edit for later?")
        {
        case .chosen(true):
            keptEdits[id] = edited
            screen.line(style.dim("Kept, not run: r runs your edit; e changes it or restores the written command."))
        case .chosen(false), .help, .interrupt, .signal:
            keptEdits[id] = nil
            screen.line(style.dim("Dropped; the written command stands."))
        }
        return nil
    }

    /// A command as the step screen shows it: `$ ` before the first line, no line for a final
    /// newline, long lines continued behind the mark.
    func showCommand(_ command: String) {
        var lines = command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if command.hasSuffix("\n") { lines.removeLast() }
        for line in StepScreen.commandLines(lines, width: screen.width, symbols: screen.symbols) {
            screen.line(screen.style.cyan(line))
        }
    }

    /// Asks which earlier step to run again: the ones before this one that already ran,
    /// numbered as on the start screen's checklist.
    private func goBack(from request: DecisionRequest) -> Decision? {
        let checklist = runbook.prerequisites + runbook.steps + runbook.validation
        guard let current = checklist.firstIndex(where: { $0.id == request.step.step.id }) else { return nil }
        let earlier = checklist[..<current].enumerated().filter { state.steps[$0.element.id] != nil }
        guard !earlier.isEmpty else {
            screen.line(screen.style.dim("No earlier step has run yet."))
            return nil
        }
        screen.line("Earlier steps:")
        for (index, step) in earlier { screen.line("  \(index + 1). \(step.title) [\(step.id)]") }
        guard let answer = askLine("Run which again? (its number; Enter: none) ", required: false), !answer.isEmpty
        else { return nil }
        guard let number = Int(answer), let chosen = earlier.first(where: { $0.offset + 1 == number }) else {
            screen.line(screen.style.dim("\(answer) is not one of the numbers above."))
            return nil
        }
        screen.line(screen.style.dim("Going back to \(chosen.element.title); then this step again."))
        shownRequest = nil
        return .rerun(stepID: chosen.element.id)
    }

    /// The edit the operator kept for this step, which `r` runs.
    private func showKeptEdit(_ request: DecisionRequest) {
        guard let kept = keptEdits[request.step.step.id] else { return }
        screen.line(
            screen.style.yellow(
                "Your edit, kept and not run yet (r runs it; e changes it or restores the written command):"))
        showCommand(kept)
        screen.line("")
    }

    /// What the screen says before the menu, by situation.
    private func describe(_ request: DecisionRequest) {
        let style = screen.style, symbols = screen.symbols
        switch request.situation {
        case .proposal:
            if request.step.step.phase != .main || request.isRollback {
                showPhaseHeading(request.isRollback ? .rollback : request.step.step.phase)
            }
            StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
            showKeptEdit(request)
        case .declined:
            screen.line(style.yellow("\(symbols.warning) Not confirmed: \(request.step.step.title) did not run."))
        case .failed(let result):
            let what: String
            switch request.step.step.phase {
            case .prerequisite: what = "This prerequisite is not met."
            case .validation: what = "This validation check failed."
            case .main, .rollback: what = "The step failed."
            }
            screen.line(style.red(style.bold("\(symbols.failed) \(what)")) + " What next?")
            if result.outcome == .notStarted, let error = result.error { screen.line("  " + error) }
        case .interrupted:
            screen.line(style.yellow("\(symbols.warning) Interrupted.") + " The step was stopped; what next?")
        case .runnerDied(let attempt):
            StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
            for line in InterruptedAttemptText.lines(attempt) { screen.line(style.yellow(line)) }
            screen.line("Check what it did before running it again. What next?")
        }
    }

    /// Carries out a choice; `nil` means ask again.
    private func perform(_ action: StepAction, _ request: DecisionRequest) -> Decision? {
        switch action {
        case .run, .done, .retry:
            // A kept edit is what runs now; the engine records it as an edit like any other.
            if let kept = keptEdits.removeValue(forKey: request.step.step.id) { return .edit(kept) }
            return action == .retry ? .retry : .run
        case .skip, .override:
            let question = action == .override ? "Why go on without it? " : "Why skip it? "
            guard let reason = askLine(question, required: true) else { return nil }
            return action == .override ? .override(reason: reason) : .skip(reason: reason)
        case .note:
            guard let text = askLine("Note: ", required: true) else { return nil }
            return .note(text)
        case .pause:
            guard let reason = askLine("Why pause? (optional) ", required: false) else { return nil }
            return .pause(reason: reason.isEmpty ? "paused by the operator" : reason)
        case .rollback:
            // The steps the engine will run: those undoing what completed, latest first.
            let plan = RollbackPlanner.plan(runbook.rollback, completed: state.completionOrder)
            let count = plan.count
            let names = plan.map(\.id).joined(separator: ", ")
            guard
                askYesNo(
                    "Stop here and run the rollback (\(count) step\(count == 1 ? "" : "s")\(count == 0 ? "" : ": " + names))?"
                )
            else { return nil }
            return .rollback
        case .abort:
            guard askYesNo("End the run for good? It cannot be resumed afterwards unless named.") else { return nil }
            return .abort(reason: "aborted by the operator")
        case .output:
            showLastOutput()
            return nil
        case .redraw:
            StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
            showKeptEdit(request)
            return nil
        case .goBack:
            return goBack(from: request)
        case .edit:
            return edit(request)
        }
    }
}
