import Foundation
import RunbookKit

/// A scratch directory with records, where runbooks are written and run unattended.
final class KitSandbox {
    let directory: String
    let store: RecordStore

    init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-kit-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try RecordStore(path: directory + "/records.sqlite")
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Writes `text` to `name` in the sandbox and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs the runbook at `path` unattended; a failing step pauses the run.
    func run(_ path: String) throws -> RunOutcome {
        let loaded = try LoadedRunbook(path: path)
        let variables = try VariableResolver(declared: loaded.runbook.variables, options: [:], environment: [:])
            .resolve()
        var options = EngineOptions(
            mode: .auto, toolVersion: "test", invocationDirectory: directory, killGrace: 1,
            temporaryDirectory: directory)
        options.onFailure = .pause
        return try Engine.start(
            runbook: loaded.runbook, text: loaded.text, store: store, variables: variables,
            driver: AutoDriver(onFailure: .pause), options: options
        ).run()
    }

    /// A runbook of two steps, the second of which fails while `flag` is not in the sandbox.
    func twoStepRunbook(id: String = "two-steps", rollback: Bool = false) -> String {
        """
        ---
        id: \(id)
        title: Two steps
        \(rollback ? "rollback:\n  - name: undo\n    run: \"true\"\n" : "")---

        ## First
        ```bash {id=first}
        echo first
        ```

        ## Second
        ```bash {id=second}
        test -e "\(directory)/flag"
        ```
        """
    }
}
