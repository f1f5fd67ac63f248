import ArgumentParser
import Foundation
import RunbookKit

/// `--records PATH`: where run records live.
struct RecordsOptions: ParsableArguments {
    @Option(name: .customLong("records"), help: ArgumentHelp(
        "The records database (default: $RUNBOOK_RECORDS, else $XDG_DATA_HOME/runbook/records.sqlite, else ~/.local/share/runbook/records.sqlite).",
        valueName: "path"))
    var path: String?

    var resolvedPath: String {
        path ?? RecordsLocation.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    func open() throws -> RecordStore {
        do {
            return try RecordStore(path: resolvedPath)
        } catch {
            throw CommandFailure(message: error.description, exitCode: .failure)
        }
    }
}
