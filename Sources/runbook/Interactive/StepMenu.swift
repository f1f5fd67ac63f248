import RunbookKit

/// The keys offered at a step, by situation: before it runs, after it failed or was
/// interrupted, for a manual step. Only answers the engine allows there are offered.
enum StepMenu {
    /// - Parameter onFailure: `--on-failure`: at a failure, Enter rolls back or pauses when it
    ///   says so (and that answer is offered), else it retries.
    static func choices(for request: DecisionRequest, onFailure: FailurePolicy = .stop) -> (
        [Choice<StepAction>], Character
    ) {
        let allowed = request.allowed
        let step = request.step.step
        var choices: [Choice<StepAction>] = []
        func offer(_ key: Character, _ label: String, _ action: StepAction, _ kind: Decision.Kind?, _ help: String) {
            if let kind, !allowed.contains(kind) { return }
            choices.append(Choice(key: key, label: label, value: action, help: help))
        }
        let failed: Bool
        switch request.situation {
        case .failed, .interrupted, .runnerDied: failed = true
        case .proposal, .declined: failed = false
        }
        // No key means one thing here and another at a y/N question: `y` and `n` are left out.
        let defaultKey: Character
        if failed {
            offer("r", "retry", .retry, .retry, "run the step again (fix the cause first)")
            offer("e", "edit", .edit, .edit, "change the command, then run it (both texts are recorded)")
            if allowed.contains(.override) {
                offer(
                    "o", "override", .override, .override,
                    "go on although it failed; asks why (recorded as a deviation)")
            } else {
                offer("s", "skip", .skip, .skip, "go on without it; asks why (recorded as a deviation)")
            }
            offer("u", "rollback", .rollback, .rollback, "stop going forward and run the rollback steps")
            offer("w", "note", .note, .note, "write a note into the run's record")
            offer("v", "output", .output, nil, "show the step's output again")
            offer("l", "redraw", .redraw, nil, "show this step again, whole (Ctrl-L too)")
            offer("b", "go back", .goBack, .rerun, "run an earlier step again, then come back here (recorded)")
            offer("p", "pause", .pause, .pause, "stop here; `runbook resume` continues later")
            offer("q", "abort", .abort, .abort, "end the run for good (asks first)")
            let preferred: Character = onFailure == .rollback ? "u" : onFailure == .pause ? "p" : "r"
            defaultKey = choices.contains { $0.key == preferred } ? preferred : "r"
        } else {
            // A manual step is done by hand; a command is run, and may be edited first. The rest
            // of the menu is the same for both.
            let manual = step.kind == .manual
            if manual {
                offer("d", "done", .done, .run, "you did it: mark it done")
                offer("s", "skip", .skip, .skip, "not doing it; asks why (recorded as a deviation)")
            } else {
                offer("r", "run", .run, .run, "run the command as shown")
                offer("s", "skip", .skip, .skip, "do not run it; asks why (recorded as a deviation)")
                offer("e", "edit", .edit, .edit, "change the command first (original and edited text are recorded)")
            }
            offer("w", "note", .note, .note, "write a note into the run's record")
            offer("v", "output", .output, nil, "show the previous step's output again")
            offer("l", "redraw", .redraw, nil, "show this step again, whole (Ctrl-L too)")
            offer("b", "go back", .goBack, .rerun, "run an earlier step again, then come back here (recorded)")
            offer("p", "pause", .pause, .pause, "stop here; `runbook resume` continues later")
            offer("u", "rollback", .rollback, .rollback, "stop going forward and run the rollback steps")
            offer("q", "abort", .abort, .abort, "end the run for good (asks first)")
            defaultKey = manual ? "d" : "r"
        }
        return (choices, defaultKey)
    }
}

/// What the operator can answer at a step, before it runs or after it failed.
enum StepAction {
    case run, retry, done, skip, override, edit, note, output, redraw, goBack, pause, rollback, abort
}
