import Foundation
import RunbookDocument

/// One try at a step, as the event log tells it: what ran (and the written text it came from),
/// who ran it, how it was confirmed, what it printed and how it ended.
public struct StepAttempt: Hashable, Sendable {
    /// How an attempt ended, or that it has not.
    public enum Ending: Hashable, Sendable {
        /// Started and not ended yet: its runner may still be at it.
        case running
        /// The runner recorded its end: exit status, signal, timeout, interruption (Ctrl-C) or
        /// a manual confirmation, in the payload.
        case finished(StepFinishedPayload)
        /// Started, never ended: the run was later resumed, or found with no live runner, so the
        /// runner that started it died during it.
        case runnerDied
    }

    /// 1 for the first try of the step in the run, growing with each one.
    public var number: Int
    /// The command as executed, secrets redacted.
    public var command: String
    /// The command as the runbook wrote it, when the operator edited it into `command`; nil when
    /// the written text ran (or for records older than this field that hold no edit).
    public var writtenCommand: String?
    public var operatorName: String
    public var host: String
    /// The host it ran on over ssh (its name in the runbook); nil on the runner's machine.
    public var remoteHost: String?
    public var startedAt: Date
    public var workingDirectory: String?
    /// How the step was confirmed before this attempt, when it needed a confirmation.
    public var confirmation: ConfirmedPayload?
    /// What it printed, one entry per stream.
    public var outputs: [OutputPayload] = []
    public var ending: Ending = .running

    public init(
        number: Int, command: String, writtenCommand: String? = nil, operatorName: String, host: String,
        startedAt: Date,
        workingDirectory: String? = nil, confirmation: ConfirmedPayload? = nil
    ) {
        self.number = number
        self.command = command
        self.writtenCommand = writtenCommand
        self.operatorName = operatorName
        self.host = host
        self.startedAt = startedAt
        self.workingDirectory = workingDirectory
        self.confirmation = confirmation
    }

    /// True when the command that ran is not the written one.
    public var isEdited: Bool { writtenCommand.map { $0 != command } ?? false }

    /// The recorded end, when there is one.
    public var finish: StepFinishedPayload? {
        if case .finished(let payload) = ending { return payload }
        return nil
    }

    /// How it ended, when it ended on its own record; nil while running or when its runner died.
    public var outcome: StepOutcome? { finish?.outcome }

    /// True when it succeeded or was confirmed done.
    public var succeeded: Bool { outcome?.isSuccess == true }

    /// True when the runner died during it.
    public var runnerDied: Bool { ending == .runnerDied }
}
