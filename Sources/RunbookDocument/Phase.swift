/// Where in a run a step belongs. A run goes prerequisites → steps → validation; rollback runs
/// only when asked, in reverse order of what completed.
public enum Phase: String, Hashable, Sendable, Codable, CaseIterable {
    case prerequisite
    case main
    case validation
    case rollback
}
