import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords
import RunbookTestSupport
import Testing

/// The fixture run every export test reads: recorded by the real engine under a scripted
/// driver, with an output mismatch, a note, a skip, an edited command, a long output, a failure,
/// a rollback, a lesson and a secret printed by two steps.
final class FixtureSandbox {
    static let secret = "s3cr3t-T0KEN-value"

    static let runbookText = """
        ---
        id: fixture-backup
        title: Fixture backup
        version: 2
        variables:
          POOL: { default: tank, description: Pool to snapshot }
          API_TOKEN: { secret: true, description: Upload token }
        prerequisites:
          - name: shell-works
            run: "true"
        validation:
          - name: snapshot-listed
            run: echo "snapshots of $POOL"
        rollback:
          - name: remove-snapshot
            run: echo "removed the snapshot of $POOL"
        ---

        # Fixture backup

        ## Check pool
        ```bash {id=check-pool}
        echo "pool $POOL healthy"
        echo "token is $API_TOKEN"
        ```
        ```output
        pool tank healthy
        ```

        ## Warm the cache
        ```bash {id=warm-cache}
        echo warming
        ```

        ## Take the snapshot
        ```bash {id=snapshot}
        echo "snapshot $POOL@nightly"
        seq 1 100
        ```

        ## Upload
        ```bash {id=upload}
        echo "uploading with $API_TOKEN" >&2
        exit 3
        ```

        - [ ] Confirm the upload in the storage UI

        """

    let directory: String
    let store: RecordStore
    var path: String { directory + "/fixture-backup.md" }

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-export-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try RecordStore(path: directory + "/records.sqlite")
        try FixtureSandbox.runbookText.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    var runbook: Runbook { RunbookParser().parse(text: FixtureSandbox.runbookText, path: path) }

    func options(operatorName: String = "alice", host: String = "pve1") -> EngineOptions {
        EngineOptions(
            mode: .scripted, operatorName: operatorName, host: host, toolVersion: "test",
            processEnvironment: ["PATH": "/usr/bin:/bin", "HOME": directory], invocationDirectory: directory,
            killGrace: 1, temporaryDirectory: directory)
    }

    /// Records the fixture run and returns its id.
    func recordFixtureRun() throws -> String {
        let driver = ScriptedDriver(
            [
                .init(step: "check-pool", when: .proposal, .note("pool looked fine; scrub finished last night")),
                .init(step: "warm-cache", when: .proposal, .skip(reason: "cache already warm from yesterday")),
                .init(step: "snapshot", when: .proposal, .edit("echo \"snapshot $POOL@manual\"\nseq 1 100")),
                .init(step: "upload", when: .failure, .note("upload endpoint returned 403; token rotated?")),
                .init(step: "upload", when: .failure, .rollback),
            ],
            lessons: [
                "Check the upload token's expiry before starting", "Warm cache step is redundant after nightly jobs",
            ])
        let book = runbook
        let variables = try VariableResolver(
            declared: book.variables, options: ["API_TOKEN": FixtureSandbox.secret], environment: [:]
        ).resolve()
        let outcome = try Engine.start(
            runbook: book, text: FixtureSandbox.runbookText, store: store, variables: variables, driver: driver,
            options: options()
        ).run()
        return outcome.runID
    }

    /// A run paused before `upload`, for "left to do" and handoff.
    func recordPausedRun() throws -> String {
        let driver = ScriptedDriver([
            .init(step: "upload", when: .proposal, .pause(reason: "waiting for the storage team"))
        ])
        let book = runbook
        let variables = try VariableResolver(
            declared: book.variables, options: ["API_TOKEN": FixtureSandbox.secret], environment: [:]
        ).resolve()
        return try Engine.start(
            runbook: book, text: FixtureSandbox.runbookText, store: store, variables: variables, driver: driver,
            options: options()
        ).run().runID
    }

    func export(_ runID: String) throws -> RunExport {
        guard let record = try store.run(id: runID) else { throw ExportError.invalid("no run \(runID)") }
        return try RunExport.load(record, from: store)
    }

    /// The export with everything that varies between machines and runs fixed: id, times,
    /// durations and the sandbox directory.
    func normalised(_ export: RunExport) throws -> RunExport {
        var export = export
        let base = Date(timeIntervalSince1970: 1_795_770_000) // 2026-11-27 09:00 UTC
        export.run.id = "01hfx0abcdefghjkmnpqrstvwx"
        export.run.startedAt = base
        for index in export.revisions.indices { export.revisions[index].storedAt = base }
        for index in export.events.indices {
            export.events[index].runID = export.run.id
            export.events[index].time = base.addingTimeInterval(Double(index) * 1.5)
            if case .stepFinished(var finished) = export.events[index].payload {
                finished.durationSeconds = finished.outcome == .confirmed ? 0 : 0.25
                export.events[index].payload = .stepFinished(finished)
            }
        }
        if export.run.finishedAt != nil { export.run.finishedAt = export.events.last?.time }
        var text = String(decoding: try JSONExporter.render(export), as: UTF8.self)
        text = text.replacingOccurrences(of: directory, with: "/srv/runbooks")
        return try JSONExporter.decode(Data(text.utf8))
    }

    func report(_ export: RunExport) -> RunReport {
        let revision = export.revision(hash: export.state.revisionHash)!
        return RunReport(export, runbook: RunbookParser().parse(text: revision.text, path: revision.path))
    }
}

enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
        .path
    static var updating: Bool { ProcessInfo.processInfo.environment["RUNBOOK_UPDATE_GOLDEN"] == "1" }

    /// The golden file's text, after writing `actual` there when updating. A missing golden is
    /// an error: writing it silently would make the first run of a new golden pass unchecked.
    static func check(_ name: String, _ actual: String) throws -> String {
        let path = directory + "/" + name
        if updating {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
        } else if !FileManager.default.fileExists(atPath: path) {
            throw GoldenMissing(name: name)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// A golden file that does not exist yet.
    struct GoldenMissing: Error, CustomStringConvertible {
        var name: String
        var description: String {
            "no golden file \(name) in Tests/RunbookExportTests/Golden; record it with RUNBOOK_UPDATE_GOLDEN=1 and read it before committing"
        }
    }
}

/// Runs a program (with a deadline, both streams read at once) and returns its status and output.
func runProgram(
    _ path: String, _ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> (status: Int32, stdout: String, stderr: String) {
    let run = try ProgramRun.run(
        path, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, input: input)
    if run.timedOut { Issue.record("\(path) ran past its deadline and was killed", sourceLocation: sourceLocation) }
    return (run.status, run.stdoutText, run.stderrText)
}
