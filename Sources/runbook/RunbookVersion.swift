/// The tool's version, shown by `runbook --version` and stored in run records.
enum RunbookVersion {
    static let current = "0.1.0-dev"
}
