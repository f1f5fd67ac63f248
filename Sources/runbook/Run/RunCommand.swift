import ArgumentParser
import Foundation
import RunbookKit

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a runbook and record what happened.",
        discussion: """
            Runs prerequisites, then the steps, then validation, as one shell session: what a \
            step exports and the directory it changes into carry over to the next. Every fact is \
            recorded in the records database before the run moves on.

            Exit status: 0 completed and validated, 1 a step or validation failed, 2 usage or \
            parse error, 3 paused or interrupted (continue with `runbook resume`).

            On a terminal, without --auto, the operator is walked through each step and \
            decides (docs/execution.md, "Interactive runs"); without a terminal, --auto is \
            required.

            Examples:
              runbook run backup.md
              runbook run --dry-run backup.md
              runbook run --auto --var POOL=tank backup.md
              runbook run --auto --allow-destructive --from snapshot backup.md
              runbook run --auto --only 'hello*,build' README.md
              runbook run --auto --tag setup README.md
            """)

    @Argument(help: "The runbook to run.")
    var file: String

    @OptionGroup var driverOptions: DriverOptions
    @OptionGroup var variableOptions: VariableOptions
    @OptionGroup var recordsOptions: RecordsOptions

    @Option(
        name: .customLong("from"),
        help: ArgumentHelp("Start at this step; earlier steps (prerequisites excepted) are skipped.", valueName: "step")
    )
    var startStep: String?

    @Option(
        name: .customLong("only"),
        help: ArgumentHelp(
            "Run only these steps (ids, names or globs such as 'hello*'; comma-separated or repeated), excluded ones included.",
            valueName: "name,…"))
    var only: [String] = []

    @Option(
        name: [.customLong("tag"), .customLong("category")],
        help: ArgumentHelp(
            "Run only the steps with this tag or category (repeatable; --category is Runme's spelling).",
            valueName: "tag"))
    var tags: [String] = []

    func validate() throws {
        if startStep != nil && !(only.isEmpty && tags.isEmpty) {
            throw ValidationError("Choose one of --from and --only/--tag.")
        }
    }

    /// `--only a,b --only c` as the names a, b and c.
    var selection: StepSelection {
        StepSelection(
            names: only.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            },
            tags: tags)
    }

    func run() throws {
        try reportingFailures {
            let loaded = try LoadedRunbook(path: file)
            if loaded.runbook.allSteps.allSatisfy(\.isExcluded) && !driverOptions.dryRun {
                // Nothing is recorded: "completed" would claim a procedure was followed when
                // nothing was. Not an error either: there is nothing to do, and nothing to ask.
                printError(
                    "\(file) has no step to run: no bash, sh, shell, zsh or console block and no task-list item "
                        + "(fences without a language run only in Runme documents, docs/format.md, \"Runme documents\"). Nothing was run or recorded."
                )
                return RunExit.completed
            }
            var options = try RunSetup.engineOptions(driverOptions, startStep: startStep)
            options.selection = selection
            let given = try variableOptions.values()
            if !driverOptions.dryRun && !driverOptions.auto {
                return try InteractiveRun(
                    loaded: loaded, options: options, given: given, secrets: try variableOptions.secretValues(),
                    secretArguments: variableOptions.secretArguments, driverOptions: driverOptions,
                    recordsOptions: recordsOptions
                ).start()
            }
            var resolver = VariableResolver(
                declared: loaded.runbook.variables, options: given, environment: options.processEnvironment)
            resolver.secretOptions = try variableOptions.secretValues(runCommands: !driverOptions.dryRun)
            if driverOptions.dryRun {
                // A preview shows the plan even before every value is known.
                let variables = resolver.preview()
                let unset = loaded.runbook.variables.map(\.name).filter { variables.values[$0] == nil }
                if !unset.isEmpty {
                    printError(
                        "runbook: not set yet (a real run needs --var or the environment): \(unset.joined(separator: ", "))"
                    )
                }
                let plan = try RunSetup.engine { () throws(EngineError) in
                    try DryRunPlanner.plan(loaded.runbook, variables: variables, options: options)
                }
                FileHandle.standardOutput.write(
                    Data(SafeOutput.text(PlanRenderer.render(plan, title: loaded.runbook.title), for: STDOUT_FILENO)))
                return RunExit.completed
            }
            let variables = try RunSetup.resolve(resolver)
            let store = try recordsOptions.open()
            let (driver, observer, _) = try driverOptions.makeDriver(runbook: loaded.runbook, recordsPath: store.path)
            let outcome = try RunSetup.engine { () throws(EngineError) in
                try Engine.start(
                    runbook: loaded.runbook, text: loaded.text, store: store, variables: variables, driver: driver,
                    observer: observer, options: options
                ).run()
            }
            return RunSetup.exitCode(for: outcome.status)
        }
    }
}

/// A runbook file read once: its bytes hash to the revision that is stored with the run.
struct LoadedRunbook {
    var runbook: Runbook
    var text: String

    /// Reads and parses `path`; parse errors end the command with status 2.
    init(path: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let bytes: [UInt8]
        do {
            bytes = try RunbookParser.readFile(absolute)
        } catch {
            throw CommandFailure(message: "\(path): cannot read the runbook: \(error.reason).", exitCode: RunExit.usage)
        }
        self.init(bytes: bytes, path: (absolute as NSString).standardizingPath)
        try checkErrors()
    }

    init(bytes: [UInt8], path: String) {
        runbook = RunbookParser().parse(bytes: bytes, path: path)
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Refuses a runbook whose problems would change what runs (RunReadiness), printing
    /// every one with its file:line.
    func checkErrors() throws {
        let problems = RunReadiness.problems(in: runbook)
        guard problems.isEmpty else {
            let count = problems.count == 1 ? "a problem" : "\(problems.count) problems"
            throw CommandFailure(
                message:
                    "\(runbook.path) has \(count) that would change what runs; nothing was run. Fix \(problems.count == 1 ? "it" : "them") first (`runbook lint` explains each):\n"
                    + problems.map(\.description).joined(separator: "\n"),
                exitCode: RunExit.usage)
        }
    }
}

/// What `run` and `resume` share.
enum RunSetup {
    /// - Throws: a usage failure when the configuration file (its `notify:` list) is malformed.
    static func engineOptions(_ driver: DriverOptions, startStep: String?) throws -> EngineOptions {
        var options = EngineOptions(
            mode: driver.mode, toolVersion: RunbookVersion.current, outputHeadBytes: driver.outputHead,
            outputTailBytes: driver.outputTail, killGrace: driver.killGrace, signalMonitor: SignalMonitor.shared,
            startStep: startStep, preconfirmed: driver.yes && !driver.isInteractive,
            allowDestructive: driver.allowDestructive && !driver.isInteractive,
            missingCapabilities: driver.missingCapabilities)
        options.onFailure = driver.onFailure
        do {
            options.notificationTargets = try RunbookConfiguration.load().notify
        } catch {
            throw CommandFailure(message: error.description, exitCode: RunExit.usage)
        }
        return options
    }

    static func resolve(_ resolver: VariableResolver, driver: (any Driver)? = nil) throws -> ResolvedVariables {
        do {
            return try engine { () throws(EngineError) in try resolver.resolve { driver?.value(for: $0) } }
        } catch {
            // Ctrl-C at a prompt for a value stops the run (exit 3), it is not a missing value.
            if let terminal = driver as? InteractiveDriver, terminal.interruptedAtPrompt {
                throw CommandFailure(
                    message: "Interrupted at the prompt for a variable; nothing was run.", exitCode: RunExit.paused)
            }
            throw error
        }
    }

    /// Runs engine code, turning its errors into command failures (usage errors exit 2).
    static func engine<T>(_ body: () throws(EngineError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            switch error {
            // Another runbook runs this run: nothing was started here.
            case .records(let records) where records.reason == .leaseHeld:
                throw CommandFailure(message: error.description, exitCode: RunExit.usage)
            case .records, .sessionFile: throw CommandFailure(message: error.description, exitCode: RunExit.failed)
            default: throw CommandFailure(message: error.description, exitCode: RunExit.usage)
            }
        }
    }

    static func exitCode(for status: RunStatus) -> ExitCode {
        switch status {
        case .completed: RunExit.completed
        case .paused, .interrupted, .running: RunExit.paused
        case .failed, .aborted, .rolledBack: RunExit.failed
        }
    }
}

/// Runs a command body, printing a failure's message and exiting with its status.
func reportingFailures(_ body: () throws -> ExitCode) throws {
    let code: ExitCode
    do {
        code = try body()
    } catch let failure as CommandFailure {
        printError("runbook: " + failure.message)
        throw failure.exitCode
    }
    if code != .success { throw code }
}
