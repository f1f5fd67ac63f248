/// The hash chain an export says its run has: one hash per event, in order, and the head.
/// Import recomputes the chain and refuses the run when the two differ.
public struct ClaimedChain: Hashable, Sendable {
    public var events: [String]
    public var head: String?

    public init(events: [String], head: String?) {
        self.events = events
        self.head = head
    }
}
