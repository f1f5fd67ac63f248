/// What `RunPush.push(_:)` did with one run.
public enum PushOutcome: Hashable, Sendable {
    /// The run was written into the target with its `events` events.
    case copied(events: Int)
    /// The target already holds the run with the same chain head: nothing was written.
    case alreadyThere
    /// The run was not copied, for the reason the sentence gives.
    case refused(String)
}
