import RunbookDocument
import RunbookExecution

/// Decides for `runbook test`: runs every step nobody needs to attend, treats the first failure
/// as the test's failure, and skips what a test must not do or cannot do.
///
/// A destructive step runs only when the runbook's `test:` block says its target is a sandbox;
/// otherwise it is skipped with the reason, so a test never deletes something real. A manual
/// step is skipped: nobody is there to do it.
final class TestDriver: Driver {
    let sandbox: Bool
    /// Set when Ctrl-C or SIGTERM stopped the run: the whole test session stops with it.
    private(set) var wasInterrupted = false

    init(sandbox: Bool) {
        self.sandbox = sandbox
    }

    func decide(_ request: DecisionRequest) -> Decision {
        let step = request.step.step
        switch request.situation {
        case .proposal:
            if let reason = TestDriver.skipReason(for: step, sandbox: sandbox) { return .skip(reason: reason) }
            return .run
        case .failed(let result):
            return .abort(reason: "step \(step.id) \(AutoDriver.describe(result))")
        case .declined:
            return .abort(reason: "step \(step.id) was not confirmed")
        case .interrupted:
            wasInterrupted = true
            return .abort(reason: "interrupted")
        case .runnerDied:
            return .abort(reason: "step \(step.id) was in progress when its runner died")
        }
    }

    func confirm(_ request: ConfirmationRequest) -> ConfirmationAnswer {
        .preconfirmed
    }

    /// Why `step` does not run in a test, or `nil` when it does.
    static func skipReason(for step: Step, sandbox: Bool) -> String? {
        if step.kind == .manual {
            return "a manual step: nobody is there to do it in a test"
        }
        if step.isDestructive, !sandbox {
            return
                "destructive, and the runbook's test block does not declare its target a sandbox (test: {sandbox: true})"
        }
        return nil
    }
}
