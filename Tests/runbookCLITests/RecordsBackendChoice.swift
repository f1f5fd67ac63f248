import Foundation
import RunbookTestSupport
import Testing

/// Where a CLI test keeps its records: the same commands, the same expectations, on either
/// backend.
///
/// `RUNBOOK_TEST_RECORDS=postgresql` runs the whole CLI suite on PostgreSQL: every `CLISandbox`
/// then gets a database of its own on the shared test server (issue 15, "the whole CLI test
/// suite run against both backends"). Unset, or `sqlite`, the sandboxes keep a SQLite file.
enum RecordsBackendChoice: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// The backend `RUNBOOK_TEST_RECORDS` chose for the sandboxes of this test process.
    static let selected: RecordsBackendChoice =
        ProcessInfo.processInfo.environment["RUNBOOK_TEST_RECORDS"].flatMap {
            RecordsBackendChoice(rawValue: $0.lowercased())
        } ?? .sqlite

    /// The backends a test parameterised over both runs on here: PostgreSQL when its test
    /// server starts, or always under CI (where a missing server then fails the test instead of
    /// skipping it). Under `RUNBOOK_TEST_RECORDS=postgresql` only PostgreSQL: the SQLite half
    /// is the default invocation's.
    static var available: [RecordsBackendChoice] {
        if selected == .postgresql { return [.postgresql] }
        return PostgreSQLTestServer.unavailableReason == nil || PostgreSQLTestServer.mustRun ? allCases : [.sqlite]
    }

    /// For a test about the SQLite file itself (its bytes, its mode, sqlite3 on it): it runs
    /// only when the sandboxes keep their records in SQLite, and says why otherwise.
    static func sqliteFileOnly(_ why: String) -> ConditionTrait {
        .enabled(
            if: selected == .sqlite,
            Comment(rawValue: "SQLite-specific: \(why); RUNBOOK_TEST_RECORDS=postgresql keeps the records on a server"))
    }
}
