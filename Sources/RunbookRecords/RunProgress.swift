import RunbookDocument

/// How far a run got through its runbook, counted from the fold (`RunState`) against the
/// runbook's own steps: what the summary, the resume line and the unfinished-run offer say.
/// Prerequisites, validation and rollback are never counted as steps, a skip is never "done",
/// and a step counts by how its last attempt ended.
public struct RunProgress: Hashable, Sendable {
    /// The runbook's main steps.
    public var total: Int
    /// Main steps whose last attempt succeeded or was confirmed.
    public var done: Int
    /// Steps (any phase) the operator chose to skip, overridden prerequisites not included.
    public var skipped: Int
    /// Prerequisites the operator went on past although they failed.
    public var overridden: Int
    /// Steps whose last attempt ran a command other than the written one.
    public var edited: Int
    /// Steps whose last attempt failed, timed out or could not start.
    public var failed: Int
    /// Steps whose last attempt was interrupted, or whose runner died during it.
    public var interrupted: Int
    /// Validation checks in the runbook, how many ran (their last attempt ended) and passed.
    public var checks: Int
    public var checksRun: Int
    public var checksPassed: Int

    public init(state: RunState, runbook: Runbook) {
        let overriddenIDs = Set(state.deviations.filter { $0.deviation.kind == .overridden }.compactMap(\.stepID))
        total = runbook.steps.count
        done =
            runbook.steps.filter { state.steps[$0.id]?.outcome?.isSuccess == true && state.steps[$0.id]?.skip == nil }
            .count
        overridden = overriddenIDs.count
        var skipped = 0, edited = 0, failed = 0, interrupted = 0
        for step in state.steps.values {
            if step.skip?.why == .operatorChoice && !overriddenIDs.contains(step.id) { skipped += 1 }
            if step.editedCommand != nil { edited += 1 }
            guard step.skip == nil, let last = step.lastAttempt else { continue }
            switch last.ending {
            case .runnerDied: interrupted += 1
            case .running: break
            case .finished(let finish):
                switch finish.outcome {
                case .interrupted: interrupted += 1
                case .failed, .timedOut, .notStarted: failed += 1
                case .succeeded, .confirmed: break
                }
            }
        }
        self.skipped = skipped
        self.edited = edited
        self.failed = failed
        self.interrupted = interrupted
        checks = runbook.validation.count
        checksRun = runbook.validation.filter { state.steps[$0.id]?.lastAttempt?.finish != nil }.count
        checksPassed = runbook.validation.filter { state.steps[$0.id]?.outcome?.isSuccess == true }.count
    }

    /// How a step stands in a run, for a checklist: read from the fold alone.
    public enum Mark: String, Sendable, Hashable {
        case done, skipped, overridden, failed, interrupted, running
        case notRun = "not run"
    }

    /// The mark of one step: by its last attempt, a skip (an overridden prerequisite told
    /// apart) taking precedence.
    public static func mark(of stepID: String, in state: RunState) -> Mark {
        guard let step = state.steps[stepID] else { return .notRun }
        if step.skip != nil {
            let overridden = state.deviations.contains { $0.stepID == stepID && $0.deviation.kind == .overridden }
            return overridden ? .overridden : .skipped
        }
        guard let last = step.lastAttempt else { return .notRun }
        switch last.ending {
        case .runnerDied: return .interrupted
        case .running: return .running
        case .finished(let finish):
            switch finish.outcome {
            case .succeeded, .confirmed: return .done
            case .interrupted: return .interrupted
            case .failed, .timedOut, .notStarted: return .failed
            }
        }
    }
}
