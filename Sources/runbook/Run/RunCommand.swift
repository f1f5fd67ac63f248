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
              runbook run --auto --inventory hosts.ini replicate.md
            """
    ).runbookSubcommand()

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
        try RunExit.ending {
            var loaded = try LoadedRunbook(path: file)
            try driverOptions.applyInventory(to: &loaded)
            if loaded.runbook.allSteps.allSatisfy(\.isExcluded) && !driverOptions.dryRun {
                // Nothing is recorded: "completed" would claim a procedure was followed when
                // nothing was. Not an error either: there is nothing to do, and nothing to ask.
                StandardError.write(
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
                    driverOptions: driverOptions, recordsOptions: recordsOptions
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
                    StandardError.write(
                        "runbook: not set yet (a real run needs --var or the environment): \(unset.joined(separator: ", "))"
                    )
                }
                let plan = try DryRunPlanner.plan(loaded.runbook, variables: variables, options: options)
                FileHandle.standardOutput.write(
                    Data(SafeOutput.text(PlanRenderer.render(plan, title: loaded.runbook.title), for: STDOUT_FILENO)))
                return RunExit.completed
            }
            let variables = try RunSetup.resolve(resolver)
            let store = try recordsOptions.open()
            let (driver, observer, _) = try driverOptions.makeDriver(runbook: loaded.runbook, recordsPath: store.path)
            let outcome = try Engine.start(
                runbook: loaded.runbook, text: loaded.text, store: store, variables: variables, driver: driver,
                observer: observer, options: options
            ).run()
            return RunExit.status(of: outcome.status)
        }
    }
}
