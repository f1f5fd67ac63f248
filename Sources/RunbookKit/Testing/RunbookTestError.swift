/// Why `runbook test` could not test at all (as opposed to a test that failed).
public enum RunbookTestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The scratch directory could not be made.
    case scratch(path: String, reason: String)
    /// A path named on the command line holds no runbook.
    case nothingToTest([String])

    public var description: String {
        switch self {
        case .scratch(let path, let reason):
            "cannot create the scratch directory \(path): \(reason)."
        case .nothingToTest(let paths):
            "no runbook to test in \(paths.joined(separator: ", ")): name Markdown files or directories holding them."
        }
    }
}
