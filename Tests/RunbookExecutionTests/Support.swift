import Foundation
import RunbookDocument
import RunbookExecution
import RunbookParsing
import RunbookRecords

/// A scratch directory, a records store and helpers to run a runbook text under a driver.
final class Sandbox {
    let directory: String
    let store: RecordStore
    let observer = CollectingObserver()

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-exec-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try RecordStore(path: directory + "/records.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func runbook(_ text: String, name: String = "book.md") throws -> Runbook {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return RunbookParser().parse(text: text, path: path)
    }

    func options(
        _ mode: RunMode = .scripted, killGrace: Double = 1, startStep: String? = nil, missing: Set<String> = []
    ) -> EngineOptions {
        var environment = ProcessInfo.processInfo.environment
        environment["RUNBOOK_TEST_DIR"] = directory
        return EngineOptions(
            mode: mode, toolVersion: "test", processEnvironment: environment, invocationDirectory: directory,
            killGrace: killGrace, startStep: startStep, temporaryDirectory: directory, missingCapabilities: missing)
    }

    func run(
        _ text: String, driver: any Driver = ScriptedDriver(), vars: [String: String] = [:], startStep: String? = nil,
        missing: Set<String> = []
    ) throws -> RunOutcome {
        let book = try runbook(text)
        let variables = try VariableResolver(declared: book.variables, options: vars, environment: [:]).resolve()
        return try Engine.start(
            runbook: book, text: text, store: store, variables: variables, driver: driver, observer: observer,
            options: options(startStep: startStep, missing: missing)
        ).run()
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// Every byte of the records database and its WAL.
    func databaseBytes() -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let chunk = FileManager.default.contents(atPath: store.path + suffix) { data.append(chunk) }
        }
        return data
    }
}

final class CollectingObserver: RunObserver {
    var events: [RunEvent] = []
    var output = Data()

    func recorded(_ event: RunEvent) { events.append(event) }
    func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String) {
        output.append(contentsOf: bytes)
    }
}

extension RunState {
    /// Ids of steps whose last attempt succeeded.
    var succeeded: [String] { completionOrder.filter { steps[$0]?.outcome == .succeeded } }
}
