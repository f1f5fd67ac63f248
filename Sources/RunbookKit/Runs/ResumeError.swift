import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// Why a run cannot be resumed (or rolled back) from here.
public enum ResumeError: Error, Sendable, CustomStringConvertible {
    /// The records could not be read, or name no such run.
    case records(RecordStoreError)
    /// The runbook file is there but cannot be run.
    case runbook(RunbookLoadError)
    /// No run in the records at `recordsPath` has been left unfinished.
    case noUnfinishedRun(recordsPath: String)
    /// The revision the run follows is missing from the records.
    case revisionMissing(hash: String, runID: String)
    /// The runbook file is gone and the stored revision cannot stand in for it.
    case fileGoneAndRedacted(path: String)
    /// A rollback was asked of a runbook that has no rollback section.
    case nothingToRollBack(path: String, runID: String)

    public var description: String {
        switch self {
        case .records(let error): error.description
        case .runbook(let error): error.description
        case .noUnfinishedRun(let path): "no unfinished run to resume in \(path)."
        case .revisionMissing(let hash, let runID):
            "the revision \(hash.prefix(12)) of run \(runID) is not in the records."
        case .fileGoneAndRedacted(let path):
            "\(path) is gone and its stored revision is redacted; restore the file to resume."
        case .nothingToRollBack(let path, let runID):
            "\(path) has no rollback section, so there is nothing to roll back run \(runID) with; nothing was run."
        }
    }
}
