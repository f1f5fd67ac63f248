import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// Why a runbook file cannot be run: it could not be read, or what it says would change what
/// runs (RunReadiness).
public enum RunbookLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read (missing, a directory, no permission).
    case unreadable(RunbookReadError)
    /// The runbook parsed, but these problems (each with its file:line) would change what runs.
    case notReady(path: String, problems: [Diagnostic])

    public var description: String {
        switch self {
        case .unreadable(let error):
            return error.description
        case .notReady(let path, let problems):
            let count = problems.count == 1 ? "a problem" : "\(problems.count) problems"
            let them = problems.count == 1 ? "it" : "them"
            return
                "\(path) has \(count) that would change what runs; nothing was run. Fix \(them) first (`runbook lint` explains each):\n"
                + problems.map(\.description).joined(separator: "\n")
        }
    }
}
