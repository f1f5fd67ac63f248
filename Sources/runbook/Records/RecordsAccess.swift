import ArgumentParser
import Foundation
import RunbookBytes
import RunbookKit

/// What the records commands share: opening the records, naming a run or a runbook, reading a
/// run for export.
enum RecordsAccess {
    /// Runs a records call, turning its error into the command's failure (status 2 for a run
    /// that does not exist, 1 otherwise).
    static func call<T>(_ body: () throws(RecordStoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CommandFailure(
                message: error.description, exitCode: error.reason == .unknownRun ? RunExit.usage : RunExit.failed)
        }
    }

    /// Opens existing records for reading; fails with status 2 when there are none.
    static func openExisting(_ options: RecordsOptions) throws -> RecordStore {
        guard options.recordsExist else {
            throw CommandFailure(
                message: "no records at \(options.resolvedPath) (run a runbook first, or give --records).",
                exitCode: RunExit.usage)
        }
        RecordsOptions.warnAboutPassword(options.resolvedPath)
        do {
            let store = try RecordStore(readingExisting: options.resolvedPath)
            RecordsOptions.warnAboutTightened(store)
            return store
        } catch {
            throw CommandFailure(message: error.description, exitCode: .failure)
        }
    }

    /// The runbook id a `FILE|ID` argument names: a file's runbook id when the argument is a
    /// file, else the argument itself.
    static func runbookID(_ argument: String?) throws -> String? {
        guard let argument else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), !isDirectory.boolValue {
            return try LoadedRunbook(path: argument).runbook.id
        }
        return argument
    }

    /// A run and everything recorded about it, with its report (steps placed in the order of
    /// the revision it follows).
    static func load(_ store: RecordStore, reference: String) throws -> (export: RunExport, report: RunReport) {
        let record = try call { () throws(RecordStoreError) in try store.run(matching: reference) }
        return try load(store, record: record)
    }

    /// `record` and everything recorded about it, with its report.
    /// - Parameter eachRow: sees every event row as stored, as it is read.
    static func load(_ store: RecordStore, record: RunRecord, eachRow: ((StoredEventRow) -> Void)? = nil) throws -> (
        export: RunExport, report: RunReport
    ) {
        // The revision the run started on is parsed while the event log is read: it is the one
        // the report follows unless a resume moved the run onto another.
        let startRevision = try call { () throws(RecordStoreError) in try store.revision(hash: record.revisionHash) }
        let started = startRevision.map(BackgroundParse.init)
        let export = try call { () throws(RecordStoreError) in
            try RunExport.load(record, from: store, known: startRevision.map { [$0] } ?? [], eachRow: eachRow)
        }
        let state = export.state
        let followed = export.revision(hash: state.revisionHash) ?? export.startRevision
        let runbook = followed.map { revision in
            revision.hash == started?.hash
                ? started!.wait() : RunbookParser().parse(text: revision.text, path: revision.path)
        }
        return (export, RunReport(export, state: state, runbook: runbook))
    }

    /// Writes `data` to `path`, or to stdout when `path` is nil or `-`.
    static func emit(_ bytes: [UInt8], to path: String?) throws {
        if let path, path != "-" {
            do {
                try Data(TerminalText.filtered(bytes, mode: .plain)).write(to: URL(fileURLWithPath: path))
            } catch {
                throw CommandFailure(
                    message: "cannot write \(path): \(error.localizedDescription)", exitCode: RunExit.failed)
            }
            return
        }
        // Written from the array as it is (when it holds nothing to make visible): copying
        // megabytes of a listing into an output buffer first cost a page fault per 4 KiB.
        // A reader that went away (EPIPE) leaves nothing useful to do with the output.
        DescriptorOutput.writeAll(SafeOutput.bytes(bytes, for: STDOUT_FILENO), to: STDOUT_FILENO)
    }
}
