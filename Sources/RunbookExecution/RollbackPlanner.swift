import RunbookDocument

/// Orders the rollback: undo what completed, latest first.
///
/// A rollback block that names the step it undoes (`undoes=STEP`) runs only if that step
/// completed, and such blocks run in the reverse order of their steps' completion. Rollback
/// items that name no step (front-matter items, prose rollback sections) are the author's
/// procedure and run afterwards in document order.
public enum RollbackPlanner {
    /// - Parameter completed: step ids in the order they completed.
    public static func plan(_ rollback: [Step], completed: [String]) -> [Step] {
        var linked: [(position: Int, step: Step)] = []
        var unlinked: [Step] = []
        for step in rollback {
            if let target = step.block?.attributes["undoes"] {
                if let position = completed.firstIndex(of: target) { linked.append((position, step)) }
            } else {
                unlinked.append(step)
            }
        }
        return linked.sorted { $0.position > $1.position }.map(\.step) + unlinked
    }
}
