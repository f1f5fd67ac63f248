import Foundation

/// What an imported run must satisfy before a byte of it is written (`RecordStore.importRun`):
/// a JSON export is a file anyone can edit, and what it holds is later resumed, listed, exported
/// and amended here.
enum ImportCheck {
    /// The earliest time a record may hold (2000-01-01) and how far past this machine's clock.
    static let earliest = Date(timeIntervalSince1970: 946_684_800)
    static let clockSkew: TimeInterval = 86_400
    /// A step's duration at most: ten years.
    static let longestDuration: Double = 10 * 365 * 86_400
    /// A stored output at most: the engine keeps a head and a tail of 64 KiB each by default;
    /// `--output-head`/`--output-tail` can raise that, so imports allow 16 MiB per stream.
    static let largestOutput = 16 * 1024 * 1024

    static func check(_ run: RunRecord, revisions: [RunbookRevision], events: [RunEvent], path: String)
        throws(RecordStoreError)
    {
        func refuse(_ message: String) -> RecordStoreError {
            RecordStoreError(.corrupt, path: path, "the imported run is refused: \(message).")
        }
        guard RunID.isValid(run.id) else {
            throw refuse("its id '\(run.id.prefix(40))' is not a run id (26 lowercase Crockford base32 characters)")
        }
        let latest = Date().addingTimeInterval(clockSkew)
        func checkTime(_ date: Date, _ what: String) throws(RecordStoreError) {
            guard date.timeIntervalSince1970.isFinite, date >= earliest, date <= latest else {
                throw refuse("\(what) is not a plausible time (\(date.timeIntervalSince1970) seconds since 1970)")
            }
        }
        try checkTime(run.startedAt, "its start")
        if let finished = run.finishedAt { try checkTime(finished, "its end") }
        for revision in revisions {
            guard revision.hash.utf8.count == 64,
                revision.hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else {
                throw refuse("revision '\(revision.hash.prefix(70))' is not named by a SHA-256")
            }
            try checkTime(revision.storedAt, "revision \(revision.hash.prefix(12))'s storage time")
        }
        guard revisions.contains(where: { $0.hash == run.revisionHash }) else {
            throw refuse("the revision it started on, \(run.revisionHash.prefix(12)), is not in the export")
        }
        for event in events {
            let at = "event \(event.sequence)"
            try checkTime(event.time, at + "'s time")
            if let stepID = event.stepID, stepID.isEmpty || stepID.utf8.count > 256 {
                throw refuse(at + " names an empty or over-long step")
            }
            switch event.payload {
            case .stepFinished(let finished):
                guard finished.durationSeconds.isFinite, finished.durationSeconds >= 0,
                    finished.durationSeconds <= longestDuration
                else {
                    throw refuse(at + " has durationSeconds \(finished.durationSeconds), not a step's duration")
                }
                if let session = finished.session { try checkSession(session, at) }
            case .output(let output):
                guard output.text.utf8.count <= largestOutput, output.totalBytes >= 0, output.droppedBytes >= 0 else {
                    throw refuse(
                        at
                            + " holds \(output.text.utf8.count) bytes of output, over the 16 MiB a record keeps per stream"
                    )
                }
            case .runStarted(let started):
                try checkSession(started.session, at)
            default:
                break
            }
        }

        func checkSession(_ session: SessionSnapshot, _ at: String) throws(RecordStoreError) {
            for (name, value) in session.exported.sorted(by: { $0.key < $1.key }) {
                if let refusal = SessionEnvironmentPolicy.refusal(name: name, value: value) {
                    throw refuse(at + "'s session sets \(refusal)")
                }
            }
        }
    }
}
