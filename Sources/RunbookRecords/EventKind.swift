/// The `kind` column of an event: which payload its JSON holds. Names are part of the records
/// schema (docs/records.md) and never change meaning.
public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
    case runStarted = "run-started"
    case stepStarted = "step-started"
    case output
    case stepFinished = "step-finished"
    case skipped
    case commandEdited = "command-edited"
    case confirmed
    case note
    case deviation
    case lesson
    case rollbackStarted = "rollback-started"
    case rollbackFinished = "rollback-finished"
    case paused
    case interrupted
    case resumed
    case finished
}
