import Foundation
import RunbookDocument
import RunbookExecution
import RunbookParsing
import RunbookRecords

/// `runbook test`: runs runbooks unattended, each in a scratch directory of its own, treating
/// expected output and validation as assertions.
///
/// Each runbook gets a fresh HOME, TMPDIR and working directory; variables come from its
/// `test: {vars}` block, then `variables` (`--var`), then the usual defaults. Every step's
/// expected output is checked strictly (a mismatch fails the step, as `expect=strict` does).
/// Destructive steps run only when the `test:` block declares a sandbox; manual steps are
/// skipped. The run is recorded like any other, in the scratch HOME's records unless
/// `recordsPath` says where.
public struct RunbookTester {
    /// `--var` values; they win over the `test:` block's.
    public var variables: [String: String]
    /// `--records`; `nil` keeps the records in the scratch HOME.
    public var recordsPath: String?
    /// The environment the scratch environment is made from (PATH, LANG and the like survive).
    public var environment: [String: String]
    /// Where scratch directories are made.
    public var scratchParent: String
    public var toolVersion: String
    public var signalMonitor: SignalMonitor?
    /// Seconds a `test: {check}` command may take before it counts as failed.
    public var checkTimeout: Double = 30

    public init(
        variables: [String: String] = [:], recordsPath: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        scratchParent: String? = nil, toolVersion: String, signalMonitor: SignalMonitor? = nil
    ) {
        self.variables = variables
        self.recordsPath = recordsPath
        self.environment = environment
        self.scratchParent = scratchParent ?? environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        self.toolVersion = toolVersion
        self.signalMonitor = signalMonitor
    }

    /// The runbooks under `paths`, in the order found: named files always, files in named
    /// directories when they look like runbooks (front matter or a runnable step).
    public static func runbookPaths(in paths: [String]) throws(RunbookTestError) -> [String] {
        let found = MarkdownFileFinder.files(in: paths).filter { file in
            if file.wasNamed { return true }
            guard let runbook = try? RunbookParser().parse(contentsOf: file.path) else { return false }
            return runbook.looksLikeRunbook
        }
        guard !found.isEmpty else { throw .nothingToTest(paths) }
        return found.map(\.path)
    }

    /// Tests the runbook at `path`. Never throws: whatever goes wrong is the test's verdict.
    public func test(path: String) -> RunbookTestResult {
        let started = Date()
        // Parsed with its absolute path: the steps run elsewhere (the scratch directory), and a
        // block's relative `cwd` is relative to the runbook's own directory.
        let absolute =
            ((path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path) as NSString)
            .standardizingPath
        let runbook: Runbook
        let text: String
        do {
            // One read: the text stored as the run's revision is the text that was parsed.
            let bytes = try RunbookParser.readFile(absolute)
            runbook = RunbookParser().parse(bytes: bytes, path: absolute)
            text = String(decoding: bytes, as: UTF8.self)
        } catch {
            return RunbookTestResult(
                path: path, id: path, title: path,
                verdict: .failed(message: "cannot read the runbook: \(error.reason)", detail: ""))
        }
        var result = RunbookTestResult(path: path, id: runbook.id, title: runbook.title, verdict: .passed)
        if let reason = RunbookTester.notRunnable(runbook) {
            result.verdict = reason
            return result
        }
        let settings = runbook.test ?? TestSettings()
        if let reason = settings.skip {
            result.verdict = .skipped(reason: reason.isEmpty ? "the test block says to skip it" : reason)
            return result
        }
        if let missing = settings.requires.first(where: {
            RunbookTester.findExecutable($0, environment: environment) == nil
        }) {
            result.verdict = .skipped(reason: "requires \(missing), which is not on PATH here")
            return result
        }
        let scratch: ScratchDirectory
        do {
            scratch = try ScratchDirectory(parent: scratchParent, label: runbook.id)
        } catch {
            result.verdict = .failed(message: error.description, detail: "")
            return result
        }
        let scratchEnvironment = scratch.environment(from: environment)
        let checkEnvironment = scratchEnvironment.merging(settings.variables) { _, own in own }.merging(variables) {
            _, given in given
        }
        if let check = settings.check,
            let failure = runCheck(check, environment: checkEnvironment, directory: scratch.work)
        {
            scratch.remove()
            result.verdict = .skipped(reason: "its sandbox is not available here: the check `\(check)` \(failure)")
            return result
        }
        run(runbook, text: text, settings: settings, scratch: scratch, environment: scratchEnvironment, into: &result)
        result.durationSeconds = Date().timeIntervalSince(started)
        if result.verdict.isFailure {
            result.keptScratchDirectory = scratch.root
        } else {
            scratch.remove()
        }
        return result
    }

    private func run(
        _ runbook: Runbook, text: String, settings: TestSettings, scratch: ScratchDirectory,
        environment: [String: String],
        into result: inout RunbookTestResult
    ) {
        let checked = RunbookTester.withStrictExpectations(runbook)
        let resolver = VariableResolver(
            declared: runbook.variables, options: settings.variables.merging(variables) { _, given in given },
            environment: environment)
        var options = EngineOptions(
            mode: .auto, toolVersion: toolVersion, processEnvironment: environment, invocationDirectory: scratch.work,
            signalMonitor: signalMonitor, preconfirmed: true, allowDestructive: settings.sandbox,
            temporaryDirectory: scratch.temporary)
        // A rehearsal in a scratch directory pages nobody.
        options.notifies = false
        let outcome: RunOutcome
        let driver = TestDriver(sandbox: settings.sandbox)
        defer { result.wasInterrupted = driver.wasInterrupted }
        do {
            let resolved = try resolver.resolve()
            let store = try RecordStore(path: recordsPath ?? RecordsLocation.defaultPath(environment: environment))
            outcome = try Engine.start(
                runbook: checked, text: text, store: store, variables: resolved, driver: driver,
                options: options
            ).run()
        } catch let error as EngineError {
            result.verdict = .failed(message: RunbookTester.hint(for: error), detail: "")
            return
        } catch {
            result.verdict = .failed(message: "\(error)", detail: "")
            return
        }
        result.runID = outcome.runID
        result.steps = RunbookTester.stepResults(checked, state: outcome.state, sandbox: settings.sandbox)
        if outcome.status == .completed {
            result.verdict = .passed
        } else if let failed = result.steps.first(where: { $0.verdict.isFailure }),
            case .failed(let message, let detail) = failed.verdict
        {
            result.verdict = .failed(message: "step \(failed.id): \(message)", detail: detail)
        } else {
            let reason = outcome.state.finishReason ?? outcome.state.pauseReason ?? "it did not complete"
            result.verdict = .failed(message: "the run ended \(outcome.status.rawValue): \(reason)", detail: "")
        }
    }

    /// A runbook that cannot run as written fails its test with the problems and their lines.
    static func notRunnable(_ runbook: Runbook) -> TestVerdict? {
        let problems = RunReadiness.problems(in: runbook)
        if !problems.isEmpty {
            return .failed(
                message: "the runbook has problems that would change what runs (`runbook lint` explains each)",
                detail: problems.map(\.description).joined(separator: "\n"))
        }
        if !runbook.allSteps.contains(where: { $0.kind.isExecutable }) {
            return .skipped(reason: "it has no step that runs a command")
        }
        return nil
    }

    /// Every step's expected output becomes an assertion: a mismatch fails the step.
    static func withStrictExpectations(_ runbook: Runbook) -> Runbook {
        var checked = runbook
        checked.expectation = .strict
        for index in checked.prerequisites.indices { checked.prerequisites[index].expectation = .strict }
        for index in checked.steps.indices { checked.steps[index].expectation = .strict }
        for index in checked.validation.indices { checked.validation[index].expectation = .strict }
        return checked
    }

    /// The checklist's steps as the run's record tells them.
    static func stepResults(_ runbook: Runbook, state: RunState, sandbox: Bool) -> [StepTestResult] {
        let stopReason = state.finishReason ?? state.pauseReason
        return (runbook.prerequisites + runbook.steps + runbook.validation).map { step in
            let title = step.title.isEmpty ? step.summary : step.title
            guard let recorded = state.steps[step.id] else {
                let reason = stopReason.map { "not reached: the run stopped (\($0))" } ?? "not reached"
                return StepTestResult(
                    id: step.id, title: title, phase: step.phase, verdict: .skipped(reason: reason), durationSeconds: 0)
            }
            let duration = recorded.durationSeconds ?? 0
            if let skip = recorded.skip {
                return StepTestResult(
                    id: step.id, title: title, phase: step.phase, verdict: .skipped(reason: skip.reason),
                    durationSeconds: duration)
            }
            if recorded.outcome?.isSuccess == true {
                return StepTestResult(
                    id: step.id, title: title, phase: step.phase, verdict: .passed, durationSeconds: duration)
            }
            return StepTestResult(
                id: step.id, title: title, phase: step.phase,
                verdict: .failed(message: failureMessage(recorded), detail: failureDetail(step, recorded)),
                durationSeconds: duration)
        }
    }

    static func failureMessage(_ recorded: RunState.StepState) -> String {
        if let error = recorded.lastAttempt?.finish?.error { return error }
        if let outcome = recorded.outcome {
            if let code = recorded.exitCode { return "\(outcome.rawValue): exit status \(code)" }
            return outcome.rawValue
        }
        return "it did not finish"
    }

    /// The command, what was expected and what came out (its last 40 lines), for the report.
    static func failureDetail(_ step: Step, _ recorded: RunState.StepState) -> String {
        var lines: [String] = []
        if let command = recorded.lastAttempt?.command {
            lines.append("$ " + command.trimmingCharacters(in: .newlines))
        }
        let output = recorded.outputs.map(\.text).joined()
        if !output.isEmpty {
            lines.append("output:")
            lines += output.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).map { "  " + $0 }
        }
        if let expected = step.expectedOutput?.text {
            lines.append("expected:")
            lines += expected.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func hint(for error: EngineError) -> String {
        if case .variableMissing(let name, _) = error {
            return
                "\(error.description) Give it a value in the runbook's test block (test: {vars: {\(name): …}}) or with --var."
        }
        return error.description
    }

    /// Runs the `check:` command in the scratch environment; `nil` when it exits 0, else how it
    /// ended.
    func runCheck(_ command: String, environment: [String: String], directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "could not start (\(error.localizedDescription))"
        }
        let deadline = Date().addingTimeInterval(checkTimeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return "took longer than \(Int(checkTimeout))s"
        }
        return process.terminationStatus == 0 ? nil : "exited with status \(process.terminationStatus)"
    }

    /// The full path of `command` on the environment's PATH, or `nil`.
    static func findExecutable(_ command: String, environment: [String: String]) -> String? {
        if command.contains("/") { return access(command, X_OK) == 0 ? command : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
