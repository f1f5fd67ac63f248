/// What a command refuses or fails at that belongs to the command line itself rather than to
/// a use case: missing records, an output file that cannot be written, option values. Each
/// reads as a sentence; `ExitMapping` gives it its status.
enum CommandError: Error, CustomStringConvertible {
    /// A records command was given records that do not exist.
    case noRecords(path: String)
    /// An output file could not be written.
    case cannotWrite(path: String, reason: String)
    /// `run` or `resume` without `--auto` and without a terminal.
    case noTerminal
    /// Ctrl-C at the prompt for a variable's value.
    case interruptedAtPrompt
    /// `list` without a directory, `RUNBOOK_DIR` or `runbooks/`.
    case noRunbooksDirectory
    /// `binder` was named a path that does not exist.
    case noSuchPath(String)
    /// `binder` found no runbook to bind.
    case nothingToBind(roots: [String])
    /// `import` could not read the file.
    case unreadableExport(path: String)
    /// `import` read something that is not a runbook export.
    case invalidExport(path: String, reason: String)
    /// `amend --apply` of an imported run (or one recorded with a relative path) without `--file`.
    case amendNeedsFile(runID: String)
    /// `amend --apply` of a file that changed since the run, without `--force`.
    case amendTargetChanged(path: String)
    /// `lint --shellcheck on` where shellcheck is not installed.
    case shellcheckNotInstalled
    /// `--var`, `--var-file` or `--var-command` given as something other than NAME=VALUE.
    case invalidAssignment(option: String, reason: String)
    /// `--var-file NAME=PATH` whose file cannot be read.
    case unreadableVariableFile(name: String, path: String)
    /// `--var-command NAME=COMMAND` where /bin/sh could not be started.
    case variableCommandNotStarted(name: String)
    /// `--var-command NAME=COMMAND` whose command failed.
    case variableCommandFailed(name: String, how: String)
    /// `--var-command NAME=COMMAND` whose command printed nothing.
    case variableCommandSilent(name: String)
    /// `push` refused `count` runs (each said why as it was met); the others were pushed.
    case pushRefused(count: Int)

    var description: String {
        switch self {
        case .pushRefused(let count):
            "\(count) run\(count == 1 ? " was" : "s were") refused; the others were pushed or already there."
        case .noRecords(let path): "no records at \(path) (run a runbook first, or give --records)."
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .noTerminal:
            "no terminal to ask the operator on, so nothing was run. Run it from a terminal, "
                + "or add --auto to run unattended (--dry-run shows the plan)."
        case .interruptedAtPrompt: "Interrupted at the prompt for a variable; nothing was run."
        case .noRunbooksDirectory:
            "There is no runbooks/ directory here; name a directory (runbook list DIR) or set RUNBOOK_DIR."
        case .noSuchPath(let path):
            "\(path): no such file or directory; name the runbooks to bind (runbook binder DIR)."
        case .nothingToBind(let roots): "no runbook to bind in \(roots.joined(separator: ", "))."
        case .unreadableExport(let path): "\(path): cannot read the export."
        case .invalidExport(let path, let reason): "\(path): \(reason)"
        case .amendNeedsFile(let runID):
            "run \(runID) was imported (or records a relative path); name the file to patch with --file FILE."
        case .amendTargetChanged(let path):
            "not writing \(path): it changed since the run; check the diff and use --apply --force."
        case .shellcheckNotInstalled:
            "--shellcheck on was given but shellcheck is not installed; install it (apt-get install shellcheck) or use --shellcheck auto."
        case .invalidAssignment(let option, let reason): "\(option): \(reason)"
        case .unreadableVariableFile(let name, let path): "--var-file \(name): cannot read \(path); nothing was run."
        case .variableCommandNotStarted(let name): "--var-command \(name): cannot start /bin/sh; nothing was run."
        case .variableCommandFailed(let name, let how):
            "--var-command \(name): the command failed (\(how)); nothing was run."
        case .variableCommandSilent(let name): "--var-command \(name): the command printed nothing; nothing was run."
        }
    }
}
