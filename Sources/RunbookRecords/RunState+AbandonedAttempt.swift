import Foundation

/// An attempt that started and has no end in the log.
public struct AttemptInProgress: Hashable, Sendable {
    public var stepID: String
    public var attempt: Int
    public var startedAt: Date
    /// Who ran it: the operator and host of the start or resume it happened in.
    public var operatorName: String
    public var host: String
    /// The command as recorded at its start (redacted).
    public var command: String
}

extension RunState {
    /// The attempt `stepInProgress` names: when it started, by whom, with what command.
    public var attemptInProgress: AttemptInProgress? {
        guard let id = stepInProgress, let attempt = steps[id]?.lastAttempt, attempt.ending == .running else {
            return nil
        }
        return AttemptInProgress(id, attempt)
    }

    /// An attempt whose runner died before it ended (a resume found it in progress), until the
    /// step starts again or is skipped: nobody knows how it ended, so the next runner must not
    /// just run the step again.
    public var abandonedAttempt: AttemptInProgress? {
        guard mayHaveAbandonedAttempts else { return nil }
        for id in order {
            guard let step = steps[id], !step.isDone, let attempt = step.lastAttempt else { continue }
            if attempt.runnerDied { return AttemptInProgress(id, attempt) }
            // Hosts that ran at once (`parallel=N`) may have died in any order: any host whose
            // latest attempt the runner left unfinished.
            guard step.isFannedOut else { continue }
            var seen: Set<String> = []
            for earlier in step.attempts.reversed() where seen.insert(step.hostName(of: earlier)).inserted {
                if earlier.runnerDied { return AttemptInProgress(id, earlier) }
            }
        }
        return nil
    }
}

extension AttemptInProgress {
    init(_ stepID: String, _ attempt: StepAttempt) {
        self.init(
            stepID: stepID, attempt: attempt.number, startedAt: attempt.startedAt, operatorName: attempt.operatorName,
            host: attempt.host, command: attempt.command)
    }
}
