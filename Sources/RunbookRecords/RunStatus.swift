import Foundation

/// Where a run stands. Stored on the run row for listing; the event log is the truth and
/// `RunState` recomputes it.
public enum RunStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Started and not finished. A run still `running` with no process behind it was killed.
    case running
    /// The driver chose to stop here; `runbook resume` continues.
    case paused
    /// A signal (Ctrl-C, SIGTERM) stopped it; `runbook resume` continues.
    case interrupted
    /// Every step done and validation passed.
    case completed
    /// A step or a validation check failed and the driver stopped.
    case failed
    /// The operator gave up; not resumable by default.
    case aborted
    /// The rollback ran to its end.
    case rolledBack = "rolled-back"

    /// True when `runbook resume` picks the run up without being told its id.
    public var isUnfinished: Bool {
        self == .running || self == .paused || self == .interrupted
    }
}

/// Who made the decisions in a run.
public enum RunMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// `--auto`: no questions, stop at the first failure.
    case auto
    /// The terminal driver: the operator decides each step.
    case interactive
    /// A test or tool driving the engine from a script.
    case scripted
}

extension RunStatus {
    /// The status whose name is `bytes` (a `status` column read as bytes), without a string.
    init?(storedName bytes: UnsafeBufferPointer<UInt8>) {
        for (status, name) in RunStatus.storedNames where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
                self = status; return
            }
        }
        return nil
    }

    private static let storedNames: [(RunStatus, [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }
}
