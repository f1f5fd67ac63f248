import ArgumentParser
import Foundation
import RunbookKit

/// Who decides, and what they vouch for in advance: shared by `run` and `resume`.
struct DriverOptions: ParsableArguments {
    @Flag(help: "Run every step without asking; stop at the first failure. Steps that need a person pause the run.")
    var auto = false

    @Flag(name: .customLong("dry-run"), help: "Print the resolved plan; run nothing and record nothing.")
    var dryRun = false

    @Flag(
        name: [.customLong("yes"), .customShort("y")],
        help:
            "With --auto: pre-confirm manual steps and confirmations (recorded as such). On a terminal everything is asked."
    )
    var yes = false

    @Flag(
        name: .customLong("allow-destructive"), help: "Let steps with 'confirm' or 'destructive=true' run under --auto."
    )
    var allowDestructive = false

    @Flag(
        name: .customLong("rerun-interrupted"),
        help:
            "With --auto: run again a step that was in progress when its runner died (otherwise the run stops there, exit 3)."
    )
    var rerunInterrupted = false

    @Option(
        name: .customLong("on-failure"),
        help: ArgumentHelp(
            "With --auto, what a failed step or validation check leads to: stop (the run fails, the default), rollback (run the rollback section, recorded in the run) or pause (exit 3, for a person to resume or roll back). On a terminal it is the answer Enter gives at a failure.",
            valueName: "stop|rollback|pause"))
    var onFailure: FailurePolicy = .stop

    @Option(
        name: .customLong("without"),
        help: ArgumentHelp(
            "A capability this host lacks (repeatable, or comma-separated): steps with 'requires=' naming it are skipped and recorded as such. Adds to RUNBOOK_WITHOUT.",
            valueName: "capability"))
    var without: [String] = []

    /// `--without` and the `RUNBOOK_WITHOUT` environment variable, together.
    var missingCapabilities: Set<String> {
        let fromEnvironment = ProcessInfo.processInfo.environment["RUNBOOK_WITHOUT"] ?? ""
        return Set((without + [fromEnvironment]).flatMap(Capabilities.words))
    }

    @Option(
        name: .customLong("output-head"),
        help: ArgumentHelp("Bytes kept from the start of each step's output.", valueName: "bytes"))
    var outputHead = 64 * 1024

    @Option(
        name: .customLong("output-tail"),
        help: ArgumentHelp("Bytes kept from the end of each step's output.", valueName: "bytes"))
    var outputTail = 64 * 1024

    @Option(
        name: .customLong("kill-grace"),
        help: ArgumentHelp("Seconds between SIGTERM and SIGKILL when a step is stopped.", valueName: "seconds"))
    var killGrace = 5.0

    @Option(
        name: .customLong("inventory"),
        help: ArgumentHelp(
            "An Ansible inventory, read with ansible-inventory -i FILE --list: its groups for host=@group, its hosts' ansible_host, ansible_port and ansible_user as their ssh destinations. The front matter's hosts: wins for a name both have.",
            valueName: "file"))
    var inventory: String?

    /// Adds `--inventory`'s hosts and groups to the runbook, when one was given.
    func applyInventory(to loaded: inout LoadedRunbook) throws {
        guard let inventory else { return }
        try loaded.useInventory(inventory, environment: ProcessInfo.processInfo.environment)
    }

    func validate() throws {
        if auto && dryRun { throw ValidationError("Choose one of --auto and --dry-run.") }
        if outputHead < 0 || outputTail < 0 {
            throw ValidationError("--output-head and --output-tail take a number of bytes, 0 or more.")
        }
        if killGrace < 0 { throw ValidationError("--kill-grace takes a number of seconds, 0 or more.") }
    }

    /// The driver for a real run and what shows it: `--auto` answers alone and prints a line
    /// per event; otherwise the operator answers on the terminal, and without one the command
    /// refuses (exit 2) rather than run a procedure nobody is watching.
    ///
    /// Installs the signal handlers (Ctrl-C reaches the step, not the tool) before the terminal
    /// driver chains its terminal-restoring ones to them.
    func makeDriver(runbook: Runbook, recordsPath: String) throws -> (
        driver: any Driver, observer: any RunObserver, terminal: InteractiveDriver?
    ) {
        if auto {
            SignalMonitor.shared.install()
            return (
                AutoDriver(
                    preconfirmed: yes, allowDestructive: allowDestructive, rerunInterrupted: rerunInterrupted,
                    onFailure: onFailure), TerminalRenderer(), nil
            )
        }
        guard InteractiveDriver.terminalAttached else { throw CommandError.noTerminal }
        SignalMonitor.shared.install()
        let driver = InteractiveDriver(runbook: runbook, recordsPath: recordsPath, monitor: SignalMonitor.shared)
        driver.onFailure = onFailure
        driver.ticker.killGrace = killGrace
        return (driver, driver, driver)
    }

    var mode: RunMode { auto ? .auto : .interactive }

    /// The operator answers on the terminal: `--yes` and `--allow-destructive` vouch for nothing
    /// then, and the run's record must not say they did.
    var isInteractive: Bool { !auto && !dryRun }
}

extension FailurePolicy: ExpressibleByArgument {}

/// `--var NAME=VALUE`, and for secrets `--var-file NAME=PATH` and `--var-command NAME=COMMAND`
/// (repeatable): a value on the command line shows in `ps`; one read from a file or printed by
/// a password manager's command does not, and is treated as a secret (never stored, redacted).
struct VariableOptions: ParsableArguments {
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "Set a variable (repeatable). Values reach steps as environment variables, never as shell text.",
            valueName: "name=value"))
    var assignments: [String] = []

    @Option(
        name: .customLong("var-file"),
        help: ArgumentHelp(
            "Read a variable's value from a file (one final newline dropped); it is treated as a secret: never stored, redacted everywhere.",
            valueName: "name=path"))
    var files: [String] = []

    @Option(
        name: .customLong("var-command"),
        help: ArgumentHelp(
            "Set a variable to what a command prints (run with /bin/sh -c, e.g. 'pass show db/root'; one final newline dropped), treated as a secret. A command that fails stops the run before it starts.",
            valueName: "name=command"))
    var commands: [String] = []

    func values() throws -> [String: String] {
        var values: [String: String] = [:]
        for assignment in assignments {
            let (name, value) = try VariableOptions.split(assignment, option: "--var")
            values[name] = value
        }
        return values
    }

    /// The values read from files and commands, with where each came from. With
    /// `runCommands` false (a dry run, which runs nothing) a command's value is left empty:
    /// it is shown as `[secret:NAME]` either way.
    func secretValues(runCommands: Bool = true) throws -> [String: (value: String, source: VariableSource)] {
        var values: [String: (value: String, source: VariableSource)] = [:]
        for assignment in files {
            let (name, path) = try VariableOptions.split(assignment, option: "--var-file")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandError.unreadableVariableFile(name: name, path: path)
            }
            values[name] = (VariableOptions.droppingFinalNewline(String(decoding: data, as: UTF8.self)), .file)
        }
        for assignment in commands {
            let (name, command) = try VariableOptions.split(assignment, option: "--var-command")
            values[name] = (runCommands ? try VariableOptions.output(of: command, for: name) : "", .command)
        }
        return values
    }

    private static func split(_ assignment: String, option: String) throws -> (String, String) {
        do {
            return try VariableResolver.parseAssignment(assignment)
        } catch {
            throw CommandError.invalidAssignment(option: option, reason: error.description)
        }
    }

    private static func droppingFinalNewline(_ text: String) -> String {
        var text = text
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// What `command` prints on stdout (its stderr and stdin stay the operator's, so a password
    /// manager can ask for its passphrase); a failure is said with the exit status, never with
    /// what the command printed.
    private static func output(of command: String, for name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            throw CommandError.variableCommandNotStarted(name: name)
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how =
                process.terminationReason == .exit
                ? "exit status \(process.terminationStatus)" : "signal \(process.terminationStatus)"
            throw CommandError.variableCommandFailed(name: name, how: how)
        }
        let value = droppingFinalNewline(String(decoding: data, as: UTF8.self))
        guard !value.isEmpty else {
            throw CommandError.variableCommandSilent(name: name)
        }
        return value
    }
}
