import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// What resuming a run would follow: the run's recorded state, the revision it ran on, the
/// runbook as it is now and the steps that changed in between. `runbook resume`, `runbook
/// rollback` and the interactive offer to resume all start from one.
public struct ResumePlan: Sendable {
    /// The run being continued.
    public var record: RunRecord
    /// The one fold over the run's event log.
    public var state: RunState
    /// The stored revision the run follows.
    public var followed: RunbookRevision
    /// That revision, parsed.
    public var previous: LoadedRunbook
    /// What will run: the file as it is now, or the stored revision when the file is gone.
    public var current: LoadedRunbook
    /// True when the file is gone and the stored revision stands in for it.
    public var followsStoredRevision: Bool
    /// Steps added, removed or changed since the run started (empty when nothing changed).
    public var changes: [StepChange]

    /// True when the runbook no longer hashes to the revision the run follows.
    public var runbookChanged: Bool { current.runbook.contentHash != state.revisionHash }

    /// Plans continuing `record`; `rollbackOnly` (`runbook rollback`) refuses a runbook that
    /// has no rollback section.
    public init(_ record: RunRecord, in store: RecordStore, rollbackOnly: Bool = false) throws(ResumeError) {
        let state: RunState
        let stored: RunbookRevision?
        do {
            state = try store.state(of: record.id)
            stored = try store.revision(hash: state.revisionHash)
        } catch {
            throw .records(error)
        }
        guard let followed = stored else {
            throw .revisionMissing(hash: state.revisionHash, runID: record.id)
        }
        let previous = LoadedRunbook(bytes: Array(followed.text.utf8), path: record.path)
        let fileExists = FileManager.default.fileExists(atPath: record.path)
        if !fileExists, followed.isRedacted { throw .fileGoneAndRedacted(path: record.path) }
        let current: LoadedRunbook
        do throws(RunbookLoadError) {
            if fileExists {
                current = try LoadedRunbook(path: record.path)
            } else {
                try previous.checkErrors()
                current = previous
            }
        } catch {
            throw .runbook(error)
        }
        if rollbackOnly, current.runbook.rollback.isEmpty {
            throw .nothingToRollBack(path: record.path, runID: record.id)
        }
        self.record = record
        self.state = state
        self.followed = followed
        self.previous = previous
        self.current = current
        followsStoredRevision = !fileExists
        changes =
            current.runbook.contentHash == state.revisionHash
            ? [] : RunbookChanges.between(previous.runbook, current.runbook)
    }

    /// The run `reference` names, or without one the most recent unfinished run: what
    /// `runbook resume [RUN]` continues.
    public static func findRun(_ reference: String?, in store: RecordStore) throws(ResumeError) -> RunRecord {
        let found: RunRecord?
        do {
            if let reference {
                found = try store.run(matching: reference)
            } else {
                found = try UnfinishedRun(in: store).latest()
            }
        } catch {
            throw .records(error)
        }
        guard let found else { throw .noUnfinishedRun(recordsPath: store.path) }
        return found
    }

    /// The steps a dry run treats as done: those the run finished, or for a rollback every
    /// step that is not part of it.
    public func doneSteps(rollbackOnly: Bool) -> Set<String> {
        rollbackOnly
            ? Set(current.runbook.allSteps.filter { $0.phase != .rollback }.map(\.id))
            : Set(state.steps.values.filter(\.isDone).map(\.id))
    }
}
