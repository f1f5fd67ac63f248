/// What `RecordStore.verify(runIDs:)` found: each run's chain and each revision's text.
public struct RecordsVerification: Hashable, Sendable {
    /// One run's chain.
    public struct RunCheck: Hashable, Sendable {
        public var runID: String
        public var eventCount: Int
        /// The head hash the run row holds.
        public var head: String
        /// The first broken link, as a sentence; nil when the chain holds.
        public var problem: String?
        /// The sequence number of the first event that does not hold, when one is to blame.
        public var brokenSequence: Int?
    }

    /// One stored revision.
    public struct RevisionCheck: Hashable, Sendable {
        public var hash: String
        public var runbookID: String
        /// Redacted texts cannot be checked: the secret they held is gone.
        public var isRedacted: Bool
        public var problem: String?
    }

    public var runs: [RunCheck]
    public var revisions: [RevisionCheck]

    /// True when every chain and every checkable revision holds.
    public var holds: Bool { runs.allSatisfy { $0.problem == nil } && revisions.allSatisfy { $0.problem == nil } }
}
