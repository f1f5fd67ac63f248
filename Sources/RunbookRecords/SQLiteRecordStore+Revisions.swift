import Foundation
import GRDB

// The stored revisions of runbooks, for `runbook revisions`.
extension SQLiteRecordStore {
    /// Every stored revision of the runbook `runbookID`, oldest first, each checked against
    /// its hash as it is read.
    func revisions(runbookID: String) throws(RecordStoreError) -> [RunbookRevision] {
        let hashes = try perform {
            try self.queue.read { db in
                try String.fetchAll(
                    db, sql: "SELECT hash FROM revision WHERE runbook_id = ? ORDER BY stored_at, hash",
                    arguments: [runbookID])
            }
        }
        var revisions: [RunbookRevision] = []
        for hash in hashes {
            if let revision = try revision(hash: hash) { revisions.append(revision) }
        }
        return revisions
    }

    /// The hashes of stored revisions that start with `prefix` (any runbook's).
    func revisionHashes(startingWith prefix: String) throws(RecordStoreError) -> [String] {
        let lowered = prefix.lowercased()
        return try perform {
            try self.queue.read { db in
                // substr, not LIKE: a `%` or `_` in what was typed is not a wildcard.
                try String.fetchAll(
                    db, sql: "SELECT hash FROM revision WHERE substr(hash, 1, ?) = ? ORDER BY hash",
                    arguments: [lowered.utf8.count, lowered])
            }
        }
    }
}
