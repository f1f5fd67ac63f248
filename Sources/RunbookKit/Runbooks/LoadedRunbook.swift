import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords

/// A runbook file read once: its bytes hash to the revision that is stored with the run.
public struct LoadedRunbook: Sendable {
    /// The parsed runbook.
    public var runbook: Runbook
    /// The file's text, stored as the run's revision.
    public var text: String

    /// Reads and parses `path` (relative to the current directory unless absolute), refusing a
    /// file that cannot be read or a runbook that is not ready to run.
    public init(path: String) throws(RunbookLoadError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let bytes: [UInt8]
        do {
            bytes = try RunbookParser.readFile(absolute)
        } catch {
            // Named as the operator gave it, not as the absolute path it was read from.
            throw .unreadable(RunbookReadError(path: path, reason: error.reason))
        }
        self.init(bytes: bytes, path: (absolute as NSString).standardizingPath)
        try checkErrors()
    }

    /// Parses `bytes` as the runbook at `path` (a stored revision, say); nothing is checked.
    public init(bytes: [UInt8], path: String) {
        runbook = RunbookParser().parse(bytes: bytes, path: path)
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Refuses a runbook whose problems would change what runs (RunReadiness).
    public func checkErrors() throws(RunbookLoadError) {
        let problems = RunReadiness.problems(in: runbook)
        guard problems.isEmpty else { throw .notReady(path: runbook.path, problems: problems) }
    }
}
