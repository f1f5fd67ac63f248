import ArgumentParser
import Foundation
import RunbookKit

/// `--records PATH|URL`: where run records live, a file or a `postgresql://` URL.
struct RecordsOptions: ParsableArguments {
    @Option(
        name: .customLong("records"),
        help: ArgumentHelp(
            "The records: a SQLite file or a postgresql://user@host/db URL (default: $RUNBOOK_RECORDS, else records: in $XDG_CONFIG_HOME/runbook/config.yaml, else $XDG_DATA_HOME/runbook/records.sqlite, else ~/.local/share/runbook/records.sqlite).",
            valueName: "path|url"))
    var path: String?

    var resolvedPath: String {
        path ?? RecordsLocation.defaultPath(environment: ProcessEnvironment.values(RecordsLocation.environmentNames))
    }

    /// Whether there are records to read: a server always counts (it says itself when it has none).
    var recordsExist: Bool {
        RecordStore.isServerLocation(resolvedPath) || FileManager.default.fileExists(atPath: resolvedPath)
    }

    func open() throws -> RecordStore {
        RecordsOptions.warnAboutPassword(resolvedPath)
        let store = try RecordStore(path: resolvedPath)
        RecordsOptions.warnAboutTightened(store)
        return store
    }

    /// A password written in the URL is visible to every user of the machine (`ps`, shell
    /// history); it works, but libpq's own means are the safe place.
    static func warnAboutPassword(_ location: String) {
        guard RecordStore.locationHasPassword(location) else { return }
        StandardError.write(
            "runbook: warning: the records URL holds a password, which other users can see in the process list; put it in ~/.pgpass or PGPASSWORD instead."
        )
    }

    /// Records hold commands, outputs and host names: a file others could read is said aloud.
    static func warnAboutTightened(_ store: RecordStore) {
        for file in store.tightenedFiles {
            StandardError.write(
                "runbook: warning: \(file) was readable or writable by other users; it is now owner-only (0600).")
        }
    }
}
