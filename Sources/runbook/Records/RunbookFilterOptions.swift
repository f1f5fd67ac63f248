import ArgumentParser

/// `[FILE|ID]`: limits a records command to one runbook's runs, shared by `history`,
/// `lessons` and `stats`.
struct RunbookFilterOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A runbook file or runbook id: only its runs.", valueName: "file|id"))
    var runbook: String?

    /// The runbook id to filter on, or nil for every runbook.
    func runbookID() throws -> String? {
        try RecordsAccess.runbookID(runbook)
    }
}
