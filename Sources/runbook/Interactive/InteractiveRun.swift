import ArgumentParser
import Foundation
import RunbookKit

/// `runbook run FILE` on a terminal: the start screen, the offer to resume an unfinished run of
/// the same runbook, the variables, then the run itself with the terminal driver.
struct InteractiveRun {
    var loaded: LoadedRunbook
    var options: EngineOptions
    /// `--var` values: not asked again.
    var given: [String: String]
    /// `--var-file` / `--var-command` values: secrets, not asked again, never shown.
    var secrets: [String: (value: String, source: VariableSource)]
    var driverOptions: DriverOptions
    var recordsOptions: RecordsOptions

    func start() throws -> ExitCode {
        // Refuse before anything is created, the records file included.
        guard InteractiveDriver.terminalAttached else { throw CommandError.noTerminal }
        let store = try recordsOptions.open()
        let (driver, observer, terminal) = try driverOptions.makeDriver(
            runbook: loaded.runbook, recordsPath: store.path)
        guard let terminal else { return RunExit.usage }
        defer { terminal.close() }
        StartScreen(runbook: loaded.runbook, screen: terminal.screen).render()
        terminal.prepareForQuestion()

        if let unfinished = unfinishedRun(in: store) {
            switch ResumeOffer(driver: terminal).ask(unfinished) {
            case .resume:
                terminal.close()
                let plan = try ResumePlan(unfinished, in: store)
                return try ResumeCommand.continueRun(
                    plan, store: store, driverOptions: driverOptions, rollbackOnly: false
                ) { GivenVariables(values: given, secrets: secrets) }
            case .newRun: break
            case .quit: return RunExit.completed
            }
        }
        let values: [String: String]
        switch askVariables(terminal) {
        case .value(let answered): values = answered
        case .cancelled:
            terminal.screen.line("Nothing was run.")
            return RunExit.completed
        case .interrupted:
            terminal.screen.line("Interrupted; nothing was run.")
            return RunExit.paused
        }
        var resolver = VariableResolver(
            declared: loaded.runbook.variables, options: values, environment: options.processEnvironment)
        resolver.secretOptions = secrets
        let variables = try RunSetup.resolve(resolver, driver: driver)
        guard terminal.askYesNo(terminal.screen.style.bold("Start the run?"), defaultYes: true) else {
            terminal.screen.line("Nothing was run.")
            return RunExit.completed
        }
        var options = self.options
        options.terminal = terminal.terminalSpec()
        let outcome = try Engine.start(
            runbook: loaded.runbook, text: loaded.text, store: store, variables: variables, driver: driver,
            observer: observer, options: options
        ).run()
        return RunExit.status(of: outcome.status)
    }

    /// Asks for each declared variable not given with `--var`: its value from the environment
    /// or its default is offered (Enter keeps it); stops at the first prompt the operator
    /// backs out of (Esc) or interrupts (Ctrl-C).
    private func askVariables(_ terminal: InteractiveDriver) -> VariablesAnswer {
        var values = given
        let declared = loaded.runbook.variables
        guard !declared.isEmpty else { return .value(values) }
        terminal.screen.line(
            terminal.screen.style.bold("Variables") + terminal.screen.style.dim(" (Enter keeps the value in brackets)"))
        for variable in declared {
            if let secret = secrets[variable.name] {
                terminal.screen.line(
                    "  \(variable.name) = [secret]" + terminal.screen.style.dim(" (\(secret.source.rawValue))"))
                continue
            }
            if let value = given[variable.name] {
                let shown = variable.isSecret ? "[secret]" : value
                terminal.screen.line("  \(variable.name) = \(shown)" + terminal.screen.style.dim(" (--var)"))
                continue
            }
            let current = options.processEnvironment[variable.name] ?? variable.defaultValue
            switch VariablePrompt(driver: terminal).ask(variable, current: current) {
            case .value(let value): values[variable.name] = value
            case .cancelled: return .cancelled
            case .interrupted: return .interrupted
            }
        }
        terminal.screen.line("")
        return .value(values)
    }

    private enum VariablesAnswer {
        case value([String: String])
        case cancelled, interrupted
    }

    /// The latest run of this runbook that has not ended and that nobody is running, if any.
    private func unfinishedRun(in store: RecordStore) -> RunRecord? {
        try? UnfinishedRun(in: store).resumable(of: loaded.runbook.id)
    }

}
