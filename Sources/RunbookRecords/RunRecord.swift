import Foundation

/// A run's row: who followed which revision, where, how, and how it ended.
///
/// `status` and `finishedAt` are kept in step with the event log in the same transaction as
/// the event that changes them, so listing runs needs no fold.
public struct RunRecord: Hashable, Sendable {
    public var id: String
    public var revisionHash: String
    public var runbookID: String
    public var path: String
    public var operatorName: String
    public var host: String
    public var mode: RunMode
    /// Values of the non-secret variables; secret names are listed in `secretNames` only.
    public var variables: [String: String]
    public var secretNames: [String]
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    public var toolVersion: String
    /// The hash of the run's last event: the head of its hash chain (docs/records.md).
    public var headHash: String = ""
    /// When the run was added by `runbook import`; nil for a run recorded here.
    public var importedAt: Date?

    public init(
        id: String = RunID.make(), revisionHash: String, runbookID: String, path: String,
        operatorName: String, host: String, mode: RunMode, variables: [String: String],
        secretNames: [String], status: RunStatus = .running, startedAt: Date = Date(),
        finishedAt: Date? = nil, toolVersion: String
    ) {
        self.id = id
        self.revisionHash = revisionHash
        self.runbookID = runbookID
        self.path = path
        self.operatorName = operatorName
        self.host = host
        self.mode = mode
        self.variables = variables
        self.secretNames = secretNames
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.toolVersion = toolVersion
    }
}
