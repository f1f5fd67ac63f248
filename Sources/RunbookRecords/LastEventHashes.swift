import Foundation

/// The hash of the last event a store wrote to each run, and its sequence number: the next
/// append links to it without reading it back. Used only when the sequence is the one the
/// caller appends after; otherwise the stored row is read.
final class LastEventHashes: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (sequence: Int, hash: String)] = [:]

    func hash(of runID: String, at sequence: Int) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[runID], entry.sequence == sequence else { return nil }
        return entry.hash
    }

    func remember(_ runID: String, at sequence: Int, hash: String) {
        lock.lock()
        defer { lock.unlock() }
        entries[runID] = (sequence, hash)
    }
}
