import ArgumentParser
import Foundation
import RunbookBytes
import RunbookKit

/// What the records commands share: opening existing records, naming a runbook, writing the
/// output.
enum RecordsAccess {
    /// Opens existing records for reading; refuses when there are none (nothing is created).
    static func openExisting(_ options: RecordsOptions) throws -> RecordStore {
        guard options.recordsExist else {
            throw CommandError.noRecords(path: options.resolvedPath)
        }
        RecordsOptions.warnAboutPassword(options.resolvedPath)
        let store = try RecordStore(readingExisting: options.resolvedPath)
        RecordsOptions.warnAboutTightened(store)
        return store
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

    /// Writes `data` to `path`, or to stdout when `path` is nil or `-`.
    static func emit(_ bytes: [UInt8], to path: String?) throws {
        if let path, path != "-" {
            do {
                try Data(TerminalText.filtered(bytes, mode: .plain)).write(to: URL(fileURLWithPath: path))
            } catch {
                throw CommandError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            return
        }
        // Written from the array as it is (when it holds nothing to make visible): copying
        // megabytes of a listing into an output buffer first cost a page fault per 4 KiB.
        // A reader that went away (EPIPE) leaves nothing useful to do with the output.
        DescriptorOutput.writeAll(SafeOutput.bytes(bytes, for: STDOUT_FILENO), to: STDOUT_FILENO)
    }
}
