import Foundation

// An append is one call of `runbook.append_events` (migration `pg1-append-events`), in
// autocommit: one round trip, whatever the number of events.
extension PostgreSQLRecordStore {
    /// The statement an append sends; its parameters are `appendParameters`'s.
    static let appendStatement =
        "SELECT outcome, last_sequence FROM runbook.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"

    /// The run's head hash, for a first append to a run this store did not write last.
    func headForAppending(_ runID: String) throws(RecordStoreError) -> String {
        let head = try withConnection { connection, _ in try self.headHash(of: runID, connection) }
        guard let head else {
            throw RecordStoreError(.unknownRun, path: location, "run \(runID) is not in the records.")
        }
        return head
    }

    /// `append_events`'s parameters in order; the last (whether this is a retry) is set per try.
    static func appendParameters(
        _ events: [RunEvent], bodies: [String], hashes: [String], runID: String, after lastSequence: Int,
        previous: String
    ) -> [String?] {
        let status = events.last(where: { $0.payload.resultingStatus != nil })
        let resulting = status?.payload.resultingStatus
        let finished = resulting.flatMap {
            $0.isUnfinished ? nil : status.map { String($0.time.timeIntervalSince1970) }
        }
        return [
            runID, String(lastSequence), previous,
            arrayLiteral(events.map { String($0.time.timeIntervalSince1970) }),
            arrayLiteral(events.map(\.stepID)),
            arrayLiteral(events.map(\.kind.rawValue)),
            arrayLiteral(bodies),
            arrayLiteral(hashes),
            resulting?.rawValue, finished, "false",
        ]
    }

    /// `values` as a PostgreSQL array in text form: every element quoted (backslash and double
    /// quote escaped), nil as NULL, so the server reads back exactly these strings.
    static func arrayLiteral(_ values: [String?]) -> String {
        var literal = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { literal += "," }
            guard let value else {
                literal += "NULL"
                continue
            }
            literal += "\""
            for character in value.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}
