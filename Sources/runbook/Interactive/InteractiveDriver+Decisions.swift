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
                screen.line(screen.style.dim("Ctrl-C at a question pauses the run (resume it later with `runbook resume`)."))
                return .pause(reason: "Ctrl-C at the prompt of step \(step.id)")
            case .signal(let number):
                return .pause(reason: "signal \(number) while waiting for the operator at step \(step.id)")
            case .chosen(let action):
                if let decision = perform(action, request) { return decision }
            }
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
        guard let answer = askLine("Run which again? (its number; Enter: none) ", required: false), !answer.isEmpty else { return nil }
        guard let number = Int(answer), let chosen = earlier.first(where: { $0.offset + 1 == number }) else {
            screen.line(screen.style.dim("\(answer) is not one of the numbers above."))
            return nil
        }
        screen.line(screen.style.dim("Going back to \(chosen.element.title); then this step again."))
        shownRequest = nil
        return .rerun(stepID: chosen.element.id)
    }

    /// What the screen says before the menu, by situation.
    private func describe(_ request: DecisionRequest) {
        let style = screen.style, symbols = screen.symbols
        switch request.situation {
        case .proposal:
            if request.step.step.phase != .main || request.isRollback { showPhaseHeading(request.isRollback ? .rollback : request.step.step.phase) }
            StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
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
        let style = screen.style
        switch action {
        case .run, .done: return .run
        case .retry: return .retry
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
            let count = runbook.rollback.count
            guard askYesNo("Stop here and run the rollback (\(count) step\(count == 1 ? "" : "s"))?") else { return nil }
            return .rollback
        case .abort:
            guard askYesNo("End the run for good? It cannot be resumed afterwards unless named.") else { return nil }
            return .abort(reason: "aborted by the operator")
        case .output:
            showLastOutput()
            return nil
        case .redraw:
            StepScreen(runbook: runbook, screen: screen).render(request.step, isRollback: request.isRollback)
            return nil
        case .goBack:
            return goBack(from: request)
        case .edit:
            guard let edited = CommandEditor(driver: self).edit(request.step.command) else {
                screen.line(style.dim("Unchanged."))
                return nil
            }
            screen.line("Edited command:")
            for line in edited.split(separator: "\n", omittingEmptySubsequences: false) { screen.line(style.cyan("  $ " + line)) }
            guard askYesNo("Run the edited command?", defaultYes: true) else { return nil }
            return .edit(edited)
        }
    }
}
