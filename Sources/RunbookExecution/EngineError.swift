import RunbookDocument
import RunbookRecords

/// Why a run could not start or go on. Each reads as a sentence and points at the runbook
/// line involved where there is one.
public enum EngineError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A variable with no value from `--var`, the environment, a default or the driver.
    case variableMissing(name: String, location: SourceLocation?)
    /// A value that does not match the variable's `pattern`.
    case variableInvalid(name: String, shownValue: String, pattern: String, location: SourceLocation?)
    /// A `pattern` that is not a regular expression.
    case patternInvalid(name: String, pattern: String, location: SourceLocation?)
    /// `--var` not written `NAME=value`.
    case assignmentInvalid(String)
    /// `--from` naming no step.
    case unknownStep(String)
    /// `--only` or `--tag` selecting no step.
    case nothingSelected(String)
    /// A step's `cwd` that does not exist.
    case workingDirectoryMissing(path: String, location: SourceLocation)
    /// The records refused a write: the run cannot promise durability, so it stops.
    case records(RecordStoreError)
    /// The state file the session is carried through could not be created.
    case sessionFile(String)
    /// Resume of a run whose runbook is gone and whose revision is not stored.
    case revisionMissing(hash: String, path: String)
    /// Resume of a run that cannot continue (already completed, or its log is empty).
    case notResumable(runID: String, reason: String)

    public var description: String {
        switch self {
        case .variableMissing(let name, let location):
            return prefix(location)
                + "the variable \(name) has no value; pass --var \(name)=VALUE or set \(name) in the environment."
        case .variableInvalid(let name, let value, let pattern, let location):
            return prefix(location) + "the value \(value) of \(name) does not match its pattern \(pattern)."
        case .patternInvalid(let name, let pattern, let location):
            return prefix(location) + "the pattern \(pattern) of \(name) is not a valid regular expression."
        case .assignmentInvalid(let text):
            return "'\(text)' is not a variable assignment; write NAME=VALUE."
        case .unknownStep(let reference):
            return "no step is named '\(reference)'; `runbook show` lists the step ids."
        case .nothingSelected(let reference):
            return "no step is named or tagged '\(reference)', so nothing would run; `runbook show` lists the step ids."
        case .workingDirectoryMissing(let path, let location):
            return prefix(location) + "the working directory \(path) does not exist."
        case .records(let error):
            return error.description
        case .sessionFile(let reason):
            return "cannot create the file that carries the shell session between steps: \(reason)."
        case .revisionMissing(let hash, let path):
            return "the runbook \(path) is gone and its revision \(hash.prefix(12)) is not in the records."
        case .notResumable(let runID, let reason):
            return "run \(runID) cannot be resumed: \(reason)."
        }
    }

    private func prefix(_ location: SourceLocation?) -> String {
        location.map { "\($0): " } ?? ""
    }
}
