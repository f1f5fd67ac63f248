import RunbookDocument
import RunbookRecords

extension RunReport {
    /// How far the run got, counted from its checklist: what the summary of every export says.
    /// Only main steps count as steps; a step counts by how its last attempt ended.
    public struct Counts: Hashable, Sendable {
        /// Main steps in the checklist, and those whose last attempt succeeded or was confirmed.
        public var steps = 0
        public var done = 0
        /// Steps (any phase) the operator chose to skip.
        public var skipped = 0
        /// Steps whose last attempt ran a command other than the written one.
        public var edited = 0
        /// Steps whose last attempt failed, timed out or could not start.
        public var failed = 0
        /// Steps whose last attempt was interrupted or outlived its runner.
        public var interrupted = 0
        /// Validation checks, those whose last attempt ended, and those that passed.
        public var checks = 0
        public var checksRun = 0
        public var checksPassed = 0
    }

    /// The counts of `steps`.
    public var counts: Counts {
        var counts = Counts()
        for step in steps {
            switch step.phase {
            case .main:
                counts.steps += 1
                if step.status == .succeeded || step.status == .confirmed { counts.done += 1 }
            case .validation:
                counts.checks += 1
                if step.lastAttempt?.finish != nil { counts.checksRun += 1 }
                if step.status == .succeeded { counts.checksPassed += 1 }
            case .prerequisite, .rollback:
                break
            }
            if step.skip?.why == .operatorChoice { counts.skipped += 1 }
            if step.isEdited { counts.edited += 1 }
            switch step.status {
            case .failed, .timedOut, .notStarted: counts.failed += 1
            case .interrupted, .runnerDied: counts.interrupted += 1
            default: break
            }
        }
        return counts
    }
}
