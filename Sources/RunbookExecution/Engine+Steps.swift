import Foundation
import RunbookDocument
import RunbookRecords

extension Engine {
    /// Asks the driver about one step until it is done, skipped, or the run stops.
    func perform(_ step: Step, position: Int, total: Int, isRollback: Bool) throws(EngineError) -> Flow {
        var command = step.command
        var situation = DecisionRequest.Situation.proposal
        var attempt = recorder.state.steps[step.id]?.attemptCount ?? 0
        if let abandoned = recorder.state.abandonedAttempt, abandoned.stepID == step.id {
            situation = .runnerDied(abandoned)
        }
        if let signal = options.signalMonitor?.takePendingSignal() {
            guard signal == SIGINT else {
                return .stop(.interrupted, reason: "stopped by signal \(signal)", signal: signal)
            }
            situation = .interrupted(nil)
        }
        while true {
            let planned = plan(step, command: command, position: position, total: total)
            let allowed = allowedDecisions(for: step, situation: situation, isRollback: isRollback)
            var decision = driver.decide(
                DecisionRequest(step: planned, situation: situation, isRollback: isRollback, allowed: allowed))
            if !allowed.contains(decision.kind) {
                decision = .pause(reason: "the driver answered \(decision.kind.rawValue), which does not apply here")
            }
            let hadFailed: Bool
            switch situation {
            case .failed, .interrupted, .runnerDied: hadFailed = true
            case .proposal, .declined: hadFailed = false
            }
            switch decision {
            case .note(let text):
                try recorder.record(NewEvent(stepID: step.id, .note(TextPayload(text: redactor.redact(text)))))
                continue
            case .skip(let reason):
                let text = redactor.redact(reason)
                try recorder.record([
                    NewEvent(
                        stepID: step.id, .skipped(SkippedPayload(phase: step.phase, why: .operatorChoice, reason: text))
                    ),
                    NewEvent(
                        stepID: step.id,
                        .deviation(
                            DeviationPayload(
                                kind: .skipped,
                                detail: "skipped \(hadFailed ? "after it failed" : "without running it"): \(text)"))),
                ])
                return .next
            case .override(let reason):
                let text = redactor.redact(reason)
                try recorder.record([
                    NewEvent(
                        stepID: step.id, .skipped(SkippedPayload(phase: step.phase, why: .operatorChoice, reason: text))
                    ),
                    NewEvent(
                        stepID: step.id,
                        .deviation(
                            DeviationPayload(
                                kind: .overridden, detail: "went on although the prerequisite failed: \(text)"))),
                ])
                return .next
            case .pause(let reason):
                if case .interrupted = situation { return .stop(.interrupted, reason: reason, signal: SIGINT) }
                return .stop(.paused, reason: reason, signal: nil)
            case .abort(let reason):
                return .stop(hadFailed ? .failed : .aborted, reason: reason, signal: nil)
            case .rerun(let id):
                // Only a step before this one that already ran; anything else is asked again.
                guard !isRollback, id != step.id, let index = checklist.firstIndex(where: { $0.id == id }),
                    let current = checklist.firstIndex(where: { $0.id == step.id }), index < current,
                    recorder.state.steps[id] != nil
                else { continue }
                try recorder.record(
                    NewEvent(
                        stepID: id,
                        .deviation(
                            DeviationPayload(
                                kind: .retried, detail: "went back from step \(step.id) to run it again"))))
                switch try perform(checklist[index], position: index + 1, total: checklist.count, isRollback: false) {
                case .next: continue
                case let flow: return flow
                }
            case .rollback:
                if hadFailed, options.mode == .auto, options.onFailure == .rollback {
                    return .rollback(reason: "step \(step.id) failed under --auto with --on-failure rollback")
                }
                return .rollback(reason: "chosen at step \(step.id)")
            case .edit(let text):
                // `original` is always the written text: a second edit is still told against the
                // runbook, never against the first edit.
                try recorder.record([
                    NewEvent(
                        stepID: step.id,
                        .commandEdited(
                            CommandEditedPayload(
                                original: redactor.redact(step.command), executed: redactor.redact(text)))),
                    NewEvent(
                        stepID: step.id,
                        .deviation(
                            DeviationPayload(kind: .edited, detail: "ran an edited command instead of the written one"))
                    ),
                ])
                command = text
            case .run, .retry:
                break
            }

            let ready = plan(step, command: command, position: position, total: total)
            var confirmation: NewEvent?
            if ready.needsConfirmation {
                let requirement = confirmationRequirement(for: step)
                let answer = driver.confirm(ConfirmationRequest(step: ready, requirement: requirement))
                guard let method = accepts(answer, requirement) else {
                    situation = .declined
                    continue
                }
                confirmation = NewEvent(
                    stepID: step.id, .confirmed(ConfirmedPayload(method: method, requirement: requirement.recordName)))
            }
            attempt += 1
            if step.kind == .manual {
                try recorder.record(
                    [
                        confirmation,
                        NewEvent(
                            stepID: step.id,
                            .stepStarted(
                                StepStartedPayload(
                                    phase: step.phase, kind: step.kind, title: step.title,
                                    command: redactor.redact(step.command),
                                    attempt: attempt, workingDirectory: nil, isInteractive: false))),
                        NewEvent(
                            stepID: step.id,
                            .stepFinished(
                                StepFinishedPayload(phase: step.phase, outcome: .confirmed, durationSeconds: 0))),
                    ].compactMap { $0 })
                return .next
            }
            if let confirmation { try recorder.record(confirmation) }
            let result = try execute(ready, attempt: &attempt)
            if result.outcome.isSuccess { return .next }
            if result.outcome == .interrupted {
                // SIGTERM and SIGHUP mean "stop now": nobody should be asked anything.
                if let signal = result.interruptSignal, signal != SIGINT {
                    return .stop(
                        .interrupted, reason: "stopped by signal \(signal) during step \(step.id)", signal: signal)
                }
                situation = .interrupted(result)
            } else {
                situation = .failed(result)
            }
        }
    }

    /// Runs the step here, or on each of its hosts where it is not done yet: one host after
    /// the other, or up to `parallel=N` at once, each host's try an attempt of its own (`local`
    /// among them runs here, in the run's session). A failure on one host does not stop the
    /// others; the step's result is the first failure, so a retry runs the failed hosts only.
    private func execute(_ ready: PlannedStep, attempt: inout Int) throws(EngineError) -> StepResult {
        let hosts = runbook.hostNames(of: ready.step)
        guard !hosts.isEmpty else {
            return try executor.execute(ready, attempt: attempt, session: &session, recorder: recorder)
        }
        let done = recorder.state.steps[ready.step.id]?.hostsDone ?? []
        let todo = hosts.filter { !done.contains($0) }
        let here = localDirectory(of: ready.step)
        func onHost(_ host: String) -> PlannedStep {
            var planned = ready
            planned.hosts = hosts
            if host == HostInventory.localName {
                planned.host = nil
                planned.workingDirectory = here
            } else {
                planned.host = host
                planned.workingDirectory = ready.step.workingDirectory ?? executor.remotes.workingDirectory(on: host)
            }
            return planned
        }
        var results: [StepResult] = []
        if ready.step.parallelism > 1, todo.count > 1 {
            let fanOut = ParallelFanOut(
                executor: executor, recorder: recorder, observer: observer, monitor: options.signalMonitor,
                limit: ready.step.parallelism)
            results = try fanOut.run(todo, attempt: &attempt, session: &session, plan: onHost)
        } else {
            for host in todo {
                if !results.isEmpty { attempt += 1 }
                let result = try executor.execute(
                    onHost(host), attempt: attempt, session: &session, recorder: recorder, label: host)
                results.append(result)
                // Ctrl-C or a signal stops the fan-out where it is: the operator decides.
                if result.outcome == .interrupted { return result }
            }
        }
        return results.first { $0.outcome == .interrupted } ?? results.first { !$0.outcome.isSuccess }
            ?? results.last
            ?? StepResult(
                stepID: ready.step.id, phase: ready.step.phase, attempt: attempt, outcome: .succeeded,
                durationSeconds: 0)
    }

    /// The directory a step starts in here: its `cwd=`, else where the session's steps left it.
    private func localDirectory(of step: Step) -> String {
        step.workingDirectory.map {
            PathExpansion.expand(
                $0, environment: session.environment, relativeTo: Engine.blockDirectoryBase(runbook, options: options))
        } ?? session.workingDirectory
    }

    /// Runs the rollback (or continues one a resumed run was in).
    func rollback(reason: String?) throws(EngineError) -> Flow {
        let plan: [Step]
        if let ids = recorder.state.rollbackPlan {
            plan = ids.compactMap { id in runbook.rollback.first { $0.id == id } }
        } else {
            plan = RollbackPlanner.plan(runbook.rollback, completed: recorder.state.completionOrder)
            try recorder.record(
                NewEvent(.rollbackStarted(RollbackStartedPayload(reason: reason ?? "requested", steps: plan.map(\.id))))
            )
        }
        var complete = !plan.isEmpty
        for (index, step) in plan.enumerated() where !recorder.state.isDone(step.id) {
            let missing = options.missing(for: step)
            if !missing.isEmpty {
                try recorder.record(
                    NewEvent(
                        stepID: step.id,
                        .skipped(
                            SkippedPayload(
                                phase: step.phase, why: .missingCapability,
                                reason:
                                    "requires \(missing.joined(separator: ", ")), which this run declared missing (--without)"
                            ))))
                complete = false
                continue
            }
            switch try perform(step, position: index + 1, total: plan.count, isRollback: true) {
            case .next:
                if recorder.state.steps[step.id]?.skip != nil { complete = false }
            case .rollback:
                continue
            case .stop(let status, let reason, let signal):
                if status == .paused || status == .interrupted { return .stop(status, reason: reason, signal: signal) }
                try recorder.record(NewEvent(.rollbackFinished(RollbackFinishedPayload(succeeded: false))))
                return .stop(.failed, reason: reason ?? "the rollback stopped at step \(step.id)", signal: nil)
            }
        }
        try recorder.record(NewEvent(.rollbackFinished(RollbackFinishedPayload(succeeded: complete))))
        if plan.isEmpty { return .stop(.failed, reason: "the runbook has no rollback steps to run", signal: nil) }
        return .stop(
            complete ? .rolledBack : .failed, reason: complete ? nil : "some rollback steps were skipped", signal: nil)
    }

    /// The step as it would run now.
    func plan(_ step: Step, command: String, position: Int, total: Int) -> PlannedStep {
        let directory = localDirectory(of: step)
        var shown = variables.publicValues
        for name in variables.secretNames { shown[name] = "[secret:\(name)]" }
        var planned = PlannedStep(
            step: step, command: command, displayCommand: redactor.redact(command), workingDirectory: directory,
            variables: shown, position: position, total: total, expectation: runbook.expectation(of: step))
        planned.hosts = runbook.hostNames(of: step)
        if let host = planned.hosts.first, host != HostInventory.localName {
            planned.workingDirectory = step.workingDirectory ?? executor.remotes.workingDirectory(on: host)
        }
        for name in ShellLines.variableReferences(in: command) where shown[name] == nil {
            if let value = session.environment[name], value != options.processEnvironment[name] {
                planned.sessionValues[name] = redactor.redact(value)
            }
        }
        return planned
    }

    private func allowedDecisions(for step: Step, situation: DecisionRequest.Situation, isRollback: Bool) -> Set<
        Decision.Kind
    > {
        var allowed: Set<Decision.Kind> = [.run, .skip, .note, .pause, .abort]
        if step.kind != .manual { allowed.insert(.edit) }
        if !isRollback, !runbook.rollback.isEmpty { allowed.insert(.rollback) }
        if !isRollback, let index = checklist.firstIndex(where: { $0.id == step.id }),
            checklist[..<index].contains(where: { recorder.state.steps[$0.id] != nil })
        {
            allowed.insert(.rerun)
        }
        switch situation {
        case .failed, .interrupted, .runnerDied:
            allowed.insert(.retry)
            if step.phase == .prerequisite { allowed.insert(.override) }
        case .proposal, .declined: break
        }
        return allowed
    }

    private func confirmationRequirement(for step: Step) -> ConfirmationRequest.Requirement {
        if step.kind == .manual { return .manual }
        switch step.confirmation {
        case .none: return .destructive
        case .yesNo: return .yesNo
        case .phrase(let phrase): return .phrase(phrase)
        case .variable(let name): return .variable(name: name, masked: variables.secretNames.contains(name))
        }
    }

    /// How the answer confirms the requirement, or `nil` when it does not.
    private func accepts(_ answer: ConfirmationAnswer, _ requirement: ConfirmationRequest.Requirement)
        -> ConfirmationMethod?
    {
        switch (answer, requirement) {
        case (.preconfirmed, _):
            return .preconfirmed
        case (.yes, .manual), (.yes, .yesNo), (.yes, .destructive):
            return .answered
        case (.typed(let text), .phrase(let phrase)):
            return text == phrase ? .typed : nil
        case (.typed(let text), .variable(let name, _)):
            return variables.values[name].map { $0 == text } == true ? .typed : nil
        case (.typed(let text), .manual), (.typed(let text), .yesNo), (.typed(let text), .destructive):
            return ["y", "yes"].contains(text.lowercased()) ? .answered : nil
        default:
            return nil
        }
    }
}

extension ConfirmationRequest.Requirement {
    /// The name stored in a `confirmed` event.
    var recordName: String {
        switch self {
        case .manual: "manual"
        case .yesNo: "yes-no"
        case .phrase: "phrase"
        case .variable: "variable"
        case .destructive: "destructive"
        }
    }
}
