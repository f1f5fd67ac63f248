import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// A stored runbook revision parsed on another thread while the caller reads the run's event
/// log: `export` needs both, and on a long run each takes about as long as the other.
final class BackgroundParse: @unchecked Sendable {
    /// The revision being parsed.
    let hash: String
    private let finished = DispatchSemaphore(value: 0)
    // Written once by the parsing thread before it signals `finished`, read only after waiting
    // for it: the semaphore orders the two, which is what makes the unchecked Sendable sound.
    private var runbook: Runbook?

    init(_ revision: RunbookRevision) {
        hash = revision.hash
        Thread.detachNewThread { [self] in
            runbook = RunbookParser().parse(storedRevision: revision)
            finished.signal()
        }
    }

    /// The parsed runbook, once the thread has it.
    func wait() -> Runbook {
        finished.wait()
        return runbook!
    }
}
