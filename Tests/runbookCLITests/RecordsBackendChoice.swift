import RunbookTestSupport
import Testing

/// Where a parameterised CLI test keeps its records: the same commands, the same expectations,
/// on either backend.
enum RecordsBackendChoice: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// The backends a test can run on here: PostgreSQL when its test server starts, or always
    /// under CI (where a missing server then fails the test instead of skipping it).
    static var available: [RecordsBackendChoice] {
        PostgreSQLTestServer.unavailableReason == nil || PostgreSQLTestServer.mustRun ? allCases : [.sqlite]
    }
}
