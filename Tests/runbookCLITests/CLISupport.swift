import Foundation
import RunbookTestSupport
import Testing

/// Runs the built `runbook` binary (found by `BuiltProducts`: beside the test bundle, or
/// `RUNBOOK_BINARY`) in a scratch directory with its own records file.
final class CLISandbox {
    static let packageRoot = BuiltProducts.packageRoot
    static let binary = BuiltProducts.runbook

    /// A path inside the repository, such as `runbooks/examples/backup-drill.md`.
    static func repositoryPath(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }

    let directory: String
    /// The records every command gets: a file in the sandbox, or a database of its own on the
    /// test PostgreSQL server (or `sharedRecords`, another sandbox's, for a handoff).
    let records: String

    /// Where `records` live: a SQLite file or a PostgreSQL database.
    let backend: RecordsBackendChoice

    /// - Parameter backend: by default the one `RUNBOOK_TEST_RECORDS` chose for the process
    ///   (`RecordsBackendChoice.selected`).
    init(backend: RecordsBackendChoice = .selected, sharedRecords: String? = nil) throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        switch (sharedRecords, backend) {
        case (let shared?, _):
            records = shared
            self.backend = shared.hasPrefix("postgres") ? .postgresql : .sqlite
        case (nil, .sqlite):
            records = directory + "/records.sqlite"
            self.backend = .sqlite
        case (nil, .postgresql):
            records = try CLISandbox.server().makeDatabase()
            self.backend = .postgresql
        }
    }

    /// The shared PostgreSQL test server; when it is missing, why, naming the switch that asked
    /// for it when it was `RUNBOOK_TEST_RECORDS`.
    static func server() throws -> PostgreSQLTestServer {
        do {
            return try PostgreSQLTestServer.require()
        } catch {
            guard RecordsBackendChoice.selected == .postgresql else { throw error }
            throw PostgreSQLTestServer.Unavailable(
                reason: "RUNBOOK_TEST_RECORDS=postgresql asks for records on PostgreSQL, but: \(error)")
        }
    }

    /// Whether no command has written the records yet: no SQLite file, or no `runbook` schema
    /// in the sandbox's database.
    func recordsUntouched() throws -> Bool {
        switch backend {
        case .sqlite: return !FileManager.default.fileExists(atPath: records)
        case .postgresql:
            let found = try CLISandbox.server().psql(
                databaseName, "SELECT count(*) FROM pg_namespace WHERE nspname = 'runbook'")
            return found.trimmingCharacters(in: .whitespacesAndNewlines) == "0"
        }
    }

    /// Every byte the records hold, as text, to search for a value that must not be there: the
    /// SQLite file with its WAL and shared memory, or a `pg_dump` of the sandbox's database.
    func recordsBytes() throws -> String {
        switch backend {
        case .sqlite:
            return [records, records + "-wal", records + "-shm"].compactMap { FileManager.default.contents(atPath: $0) }
                .map { String(decoding: $0, as: UTF8.self) }.joined()
        case .postgresql: return try CLISandbox.server().dump(databaseName)
        }
    }

    /// The database of a PostgreSQL `records` URL.
    private var databaseName: String {
        String(records.split(separator: "/").last?.split(separator: "?").first ?? "")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    struct Result {
        var status: Int32
        var signaled: Bool
        var stdout: String
        var stderr: String
        var timedOut = false

        /// The result of a finished child; a child killed at its deadline fails the test.
        init(_ run: ProgramRun, sourceLocation: SourceLocation = #_sourceLocation) {
            status = run.status
            signaled = run.signaled
            stdout = run.stdoutText
            stderr = run.stderrText
            timedOut = run.timedOut
            if run.timedOut {
                Issue.record(
                    "the child ran past its deadline and was killed\n\(stdout)\n\(stderr)",
                    sourceLocation: sourceLocation)
            }
        }
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
    }

    func file(_ name: String) -> String? { try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) }

    /// Starts `runbook ARGS --records <sandbox records>` (commands without records, such as
    /// `show` and `lint`, pass `withRecords: false`); the caller waits.
    func start(_ arguments: [String], environment: [String: String] = [:], withRecords: Bool = true) throws -> (
        Process, Pipe, Pipe
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLISandbox.binary)
        process.arguments = arguments + (withRecords ? ["--records", records] : [])
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["SANDBOX"] = directory
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    func run(
        _ arguments: [String], environment: [String: String] = [:], withRecords: Bool = true,
        timeout: TimeInterval = ProgramRun.defaultTimeout, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment, withRecords: withRecords)
        return Result(
            ProgramRun.collect(process, stdout: out, stderr: err, timeout: timeout), sourceLocation: sourceLocation)
    }

    /// Runs another program (`bash`, say) in `directory` and waits for it.
    static func shell(
        _ arguments: [String], directory: String, environment: [String: String] = [:],
        timeout: TimeInterval = ProgramRun.defaultTimeout, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Result {
        let run = try ProgramRun.run(
            "/usr/bin/env", arguments, directory: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: timeout)
        return Result(run, sourceLocation: sourceLocation)
    }

    /// Waits (bounded) until `name` exists in the sandbox.
    func waitFor(_ name: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: directory + "/" + name) { return true }
            usleep(20_000)
        }
        return false
    }
}
