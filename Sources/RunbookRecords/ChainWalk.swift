/// One run's stored events checked in order against their hash chain: what `verify` means,
/// written once for both backends, which only read the rows.
struct ChainWalk {
    private(set) var check: RecordsVerification.RunCheck
    private var previous = EventChain.genesis

    init(runID: String, head: String) {
        check = RecordsVerification.RunCheck(runID: runID, eventCount: 0, head: head)
    }

    /// Checks the next stored event (its columns as stored); false once the chain is broken,
    /// `check.problem` then says where and how.
    mutating func next(
        sequence: Int, time: Double, stepID: UnsafeBufferPointer<UInt8>?, kind: UnsafeBufferPointer<UInt8>,
        payload: UnsafeBufferPointer<UInt8>, storedHash: String
    ) -> Bool {
        check.eventCount += 1
        let kindName = String(decoding: kind, as: UTF8.self)
        if sequence != check.eventCount {
            check.problem = "event \(check.eventCount) is missing (the next stored event is \(sequence))"
            check.brokenSequence = check.eventCount
            return false
        }
        let computed = EventChain.hash(
            previous: previous, runID: check.runID, sequence: sequence, time: time, stepID: stepID, kind: kind,
            payload: payload)
        if computed != storedHash {
            check.problem =
                storedHash.isEmpty
                ? "event \(sequence) (\(kindName)) has no hash: it was added outside runbook"
                : "event \(sequence) (\(kindName)) does not match its hash: its run, number, time, step, kind or payload was changed after it was written (stored \(storedHash.prefix(16))…, content hashes to \(computed.prefix(16))…)"
            check.brokenSequence = sequence
            return false
        }
        previous = computed
        return true
    }

    /// The verdict once every stored event was read: a run with none, or whose head is not
    /// its last event's hash, is broken too.
    mutating func finish() -> RecordsVerification.RunCheck {
        guard check.problem == nil else { return check }
        if check.eventCount == 0 {
            check.problem = "the run has no events"
        } else if previous != check.head {
            check.problem =
                "the run's head hash \(check.head.prefix(16))… is not the hash of its last event \(check.eventCount) (\(previous.prefix(16))…): events after it were removed, or the head was changed"
            check.brokenSequence = check.eventCount
        }
        return check
    }
}
