import ArgumentParser
import Foundation
import RunbookKit

/// `--records PATH`: where run records live.
struct RecordsOptions: ParsableArguments {
    @Option(
        name: .customLong("records"),
        help: ArgumentHelp(
            "The records database (default: $RUNBOOK_RECORDS, else $XDG_DATA_HOME/runbook/records.sqlite, else ~/.local/share/runbook/records.sqlite).",
            valueName: "path"))
    var path: String?

    var resolvedPath: String {
        path ?? RecordsLocation.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    func open() throws -> RecordStore {
        let store = try RecordStore(path: resolvedPath)
        RecordsOptions.warnAboutTightened(store)
        return store
    }

    /// Records hold commands, outputs and host names: a file others could read is said aloud.
    static func warnAboutTightened(_ store: RecordStore) {
        for file in store.tightenedFiles {
            StandardError.write(
                "runbook: warning: \(file) was readable or writable by other users; it is now owner-only (0600).")
        }
    }
}
