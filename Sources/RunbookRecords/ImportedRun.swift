import Foundation

/// A run recorded elsewhere (a JSON export, a push), checked and ready to be written: its row
/// with the status its log ends in, its events, their payload bytes and their chain hashes.
///
/// The checks are the backends' common ground, made before either writes a byte.
struct ImportedRun {
    var record: RunRecord
    var events: [RunEvent]
    var bodies: [String]
    var hashes: [String]

    /// - Throws: `.corrupt` when the log does not start with `run-started`, its numbers are not
    ///   1, 2, 3, …, the run fails `ImportCheck`, or `chain` (the hashes the export carries)
    ///   does not match the chain recomputed from the events.
    init(
        _ run: RunRecord, revisions: [RunbookRevision], events: [RunEvent], chain: ClaimedChain?, location: String
    ) throws(RecordStoreError) {
        try ImportCheck.check(run, revisions: revisions, events: events, path: location)
        guard let first = events.first, case .runStarted = first.payload else {
            throw RecordStoreError(
                .corrupt, path: location, "the imported run \(run.id) does not start with a run-started event.")
        }
        for (index, event) in events.enumerated() where event.sequence != index + 1 || event.runID != run.id {
            throw RecordStoreError(
                .corrupt, path: location,
                "event \(index + 1) of the imported run \(run.id) is numbered \(event.sequence) of run \(event.runID).")
        }
        var bodies: [String] = []
        do {
            bodies = try events.map { String(decoding: try $0.payload.encodedBody(), as: UTF8.self) }
        } catch {
            throw RecordStoreError(
                .corrupt, path: location, "an event of the imported run \(run.id) does not encode: \(error).")
        }
        var hashes: [String] = []
        var previous = EventChain.genesis
        for (event, body) in zip(events, bodies) {
            previous = RecordStore.chainHash(of: event, body: body, previous: previous)
            hashes.append(previous)
        }
        if let chain {
            if let broken = zip(hashes, chain.events).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
                throw RecordStoreError(
                    .corrupt, path: location,
                    "the imported run is refused: event \(broken.offset + 1) does not match the hash the export gives it; the export was altered (or written by a runbook that stores fields this one does not know)."
                )
            }
            if chain.events.count != hashes.count || (chain.head != nil && chain.head != hashes.last) {
                throw RecordStoreError(
                    .corrupt, path: location,
                    "the imported run is refused: its events do not end at the head hash the export gives; events were added or removed."
                )
            }
        }
        var final = run
        for event in events {
            if let status = event.payload.resultingStatus {
                final.status = status
                final.finishedAt = status.isUnfinished ? nil : event.time
            }
        }
        self.record = final
        self.events = events
        self.bodies = bodies
        self.hashes = hashes
    }
}
