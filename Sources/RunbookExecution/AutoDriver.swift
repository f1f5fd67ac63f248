import Foundation
import RunbookDocument
import RunbookRecords

/// `--auto`: runs everything without asking, stops at the first failure.
///
/// Nobody is there to confirm, so a step that needs a human pauses the run (exit 3, resumable)
/// unless the operator vouched for it when starting:
/// - a step with `confirm` or `destructive=true` runs only with `--allow-destructive` or `--yes`;
/// - a manual step counts as done only with `--yes`, recorded as pre-confirmed.
public final class AutoDriver: Driver {
    /// `--yes`: manual steps and confirmations are pre-confirmed.
    public let preconfirmed: Bool
    /// `--allow-destructive`: confirmations and destructive steps are pre-confirmed.
    public let allowDestructive: Bool
    /// `--rerun-interrupted`: a step whose runner died during it runs again; otherwise the run
    /// stops there for a person to check what the lost attempt did.
    public let rerunInterrupted: Bool
    /// `--on-failure`: stop (the run fails), roll back, or pause.
    public let onFailure: FailurePolicy

    public init(
        preconfirmed: Bool = false, allowDestructive: Bool = false, rerunInterrupted: Bool = false,
        onFailure: FailurePolicy = .stop
    ) {
        self.preconfirmed = preconfirmed
        self.allowDestructive = allowDestructive
        self.rerunInterrupted = rerunInterrupted
        self.onFailure = onFailure
    }

    public func decide(_ request: DecisionRequest) -> Decision {
        let step = request.step.step
        switch request.situation {
        case .proposal:
            if let refusal = refusal(for: step) { return .pause(reason: refusal) }
            return .run
        case .declined:
            return .pause(reason: refusal(for: step) ?? "step \(step.id) was not confirmed")
        case .failed(let result):
            let what = "step \(step.id) \(AutoDriver.describe(result))"
            switch onFailure {
            case .stop:
                return .abort(reason: what)
            case .pause:
                return .pause(
                    reason: "\(what); paused (--on-failure pause): look, then `runbook resume` or `runbook rollback`")
            case .rollback:
                // A rollback step that fails, or a runbook without rollback, ends the run.
                return request.allowed.contains(.rollback)
                    ? .rollback
                    : .abort(reason: request.isRollback ? what : "\(what); the runbook has no rollback to run")
            }
        case .interrupted:
            return .pause(reason: "interrupted")
        case .runnerDied(let attempt):
            if rerunInterrupted { return .retry }
            return .pause(
                reason:
                    "step \(step.id) was interrupted: it was in progress (attempt \(attempt.attempt)) when its runner died, "
                    + "so how it ended is unknown. Check what it did, then resume with --rerun-interrupted to run it again, "
                    + "or resume on a terminal to decide")
        }
    }

    public func confirm(_ request: ConfirmationRequest) -> ConfirmationAnswer {
        refusal(for: request.step.step) == nil ? .preconfirmed : .declined
    }

    private func refusal(for step: Step) -> String? {
        if step.kind == .manual, !preconfirmed {
            return "step \(step.id) is a manual action (\(step.summary)); do it, then resume with --yes"
        }
        if step.confirmation.isRequired || step.isDestructive, !(preconfirmed || allowDestructive) {
            return
                "step \(step.id) asks for confirmation; resume with --allow-destructive or --yes to run it unattended"
        }
        return nil
    }

    /// How a step that did not succeed ended, as the end of a sentence that starts with the
    /// step ("step build timed out after 3.0s"): what an unattended run or a test reports.
    public static func describe(_ result: StepResult) -> String {
        switch result.outcome {
        case .timedOut: return "timed out after \(DurationText.fixed(result.durationSeconds, decimals: 1))s"
        case .notStarted: return "could not start: \(result.error ?? "unknown error")"
        case .interrupted: return "was interrupted"
        default:
            if let signal = result.signal { return "was killed by signal \(signal)" }
            if let error = result.error { return "failed: \(error)" }
            return "failed with exit status \(result.exitCode ?? -1)"
        }
    }
}
