import Foundation
import RunbookKit

/// What the operator can answer at a step, before it runs or after it failed.
enum StepAction {
    case run, retry, done, skip, override, edit, note, back, pause, rollback, abort
}

extension InteractiveDriver {
    /// Shows the step (once per situation), then asks until the answer is one for the engine.
    func ask(_ request: DecisionRequest) -> Decision {
        let step = request.step.step
        let key = "\(step.id)|\(request.isRollback)|\(request.situation)"
        if shownRequest != key {
            shownRequest = key
            describe(request)
        }
        let (choices, defaultKey) = menu(for: request)
        let prompt = ChoicePrompt<StepAction>(screen: screen, keys: keys)
        while true {
            switch prompt.ask(choices, defaultKey: defaultKey) {
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
        }
    }

    private func menu(for request: DecisionRequest) -> ([Choice<StepAction>], Character) {
        let allowed = request.allowed
        let step = request.step.step
        var choices: [Choice<StepAction>] = []
        func offer(_ key: Character, _ label: String, _ action: StepAction, _ kind: Decision.Kind?, _ help: String) {
            if let kind, !allowed.contains(kind) { return }
            choices.append(Choice(key: key, label: label, value: action, help: help))
        }
        let failed: Bool
        switch request.situation {
        case .failed, .interrupted: failed = true
        case .proposal, .declined: failed = false
        }
        let defaultKey: Character
        if failed {
            offer("r", "retry", .retry, .retry, "run the step again (fix the cause first)")
            offer("e", "edit", .edit, .edit, "change the command, then run it (both texts are recorded)")
            if step.phase == .prerequisite {
                offer("o", "override", .override, .skip, "go on without it; asks why (recorded as a deviation)")
            } else {
                offer("s", "skip", .skip, .skip, "go on without it; asks why (recorded as a deviation)")
            }
            offer("u", "rollback", .rollback, .rollback, "stop going forward and run the rollback steps")
            offer("n", "note", .note, .note, "write a note into the run's record")
            offer("b", "output", .back, nil, "show the step's output again")
            offer("p", "pause", .pause, .pause, "stop here; `runbook resume` continues later")
            offer("q", "abort", .abort, .abort, "end the run for good (asks first)")
            defaultKey = "r"
        } else if step.kind == .manual {
            offer("d", "done", .done, .run, "you did it: mark it done")
            offer("s", "skip", .skip, .skip, "not doing it; asks why (recorded as a deviation)")
            offer("n", "note", .note, .note, "write a note into the run's record")
            offer("b", "back", .back, nil, "show the previous step's output again")
            offer("p", "pause", .pause, .pause, "stop here; `runbook resume` continues later")
            offer("u", "rollback", .rollback, .rollback, "stop going forward and run the rollback steps")
            offer("q", "abort", .abort, .abort, "end the run for good (asks first)")
            defaultKey = "d"
        } else {
            offer("r", "run", .run, .run, "run the command as shown")
            offer("s", "skip", .skip, .skip, "do not run it; asks why (recorded as a deviation)")
            offer("e", "edit", .edit, .edit, "change the command first (original and edited text are recorded)")
            offer("n", "note", .note, .note, "write a note into the run's record")
            offer("b", "back", .back, nil, "show the previous step's output again")
            offer("p", "pause", .pause, .pause, "stop here; `runbook resume` continues later")
            offer("u", "rollback", .rollback, .rollback, "stop going forward and run the rollback steps")
            offer("q", "abort", .abort, .abort, "end the run for good (asks first)")
            defaultKey = "r"
        }
        return (choices, defaultKey)
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
            return .skip(reason: action == .override ? "prerequisite overridden: \(reason)" : reason)
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
        case .back:
            showLastOutput()
            return nil
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

    /// Reads one line; `nil` when the operator backed out (or an empty answer was required).
    func askLine(_ question: String, required: Bool) -> String? {
        switch lineEditor.read(prompt: question) {
        case .line(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if required, trimmed.isEmpty {
                screen.line(screen.style.dim("Nothing entered; back to the choices."))
                return nil
            }
            return trimmed
        case .cancelled, .signal:
            return nil
        }
    }

    /// A y/N (or Y/n) question answered by one key.
    func askYesNo(_ question: String, defaultYes: Bool = false) -> Bool {
        screen.write(question + (defaultYes ? " [Y/n] " : " [y/N] "))
        while true {
            switch keys.next() {
            case .character("y"), .character("Y"):
                screen.line("yes")
                return true
            case .character("n"), .character("N"), .interrupt, .escape, .endOfInput, .signal:
                screen.line("no")
                return false
            case .enter:
                screen.line(defaultYes ? "yes" : "no")
                return defaultYes
            default:
                continue
            }
        }
    }

    func showLastOutput() {
        guard let last = lastOutput else {
            screen.line(screen.style.dim("No step has run yet."))
            return
        }
        screen.line(screen.style.bold("Output of \(last.title):"))
        if last.outputs.isEmpty { screen.line(screen.style.dim("  (no output)")) }
        for output in last.outputs {
            let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines.suffix(200) where !(line.isEmpty && line.endIndex == output.text.endIndex) {
                screen.line(screen.style.dim(screen.symbols.gutter + " ") + (output.stream == .stderr ? screen.style.yellow(String(line)) : String(line)))
            }
        }
    }
}
