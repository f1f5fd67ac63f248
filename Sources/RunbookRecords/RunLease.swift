import Foundation

/// The claim a `runbook` process holds on a run while it runs it: one live runner per run.
public struct RunLease: Hashable, Sendable {
    public var runID: String
    public var holder: RunnerIdentity
    public var acquiredAt: Date
    /// Whether the holder's database session still holds the run, where the records know
    /// (PostgreSQL: the server frees a dead session's advisory lock, on any machine); nil for
    /// SQLite, where only this machine's processes can be asked.
    public var heldByLiveSession: Bool?

    public init(runID: String, holder: RunnerIdentity, acquiredAt: Date, heldByLiveSession: Bool? = nil) {
        self.runID = runID
        self.holder = holder
        self.acquiredAt = acquiredAt
        self.heldByLiveSession = heldByLiveSession
    }

    /// Whether its holder still runs: as the records server says when it can, else as far as
    /// this machine can tell.
    public var isLive: Bool { heldByLiveSession ?? holder.isAlive(onHost: RunnerIdentity.localHost) }

    /// "alice on host web1 (runbook pid 4242, since 2026-12-01 15:02:07 UTC)".
    public var holderDescription: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return
            "\(holder.operatorName) on host \(holder.host) (runbook pid \(holder.pid), since \(formatter.string(from: acquiredAt)) UTC)"
    }
}
