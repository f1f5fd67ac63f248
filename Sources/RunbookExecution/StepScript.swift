import RunbookDocument

/// The few lines of shell around each step that make the run one shell session.
///
/// The step's text is passed as an argument and `eval`ed, never spliced into the wrapper, so
/// no content of the step can break the wrapper's quoting. An EXIT trap writes the directory
/// the step started in (as the shell spells it), the one it ended in and its exported
/// environment (`export -p`, a builtin: no extra process) to a state file the engine reads when
/// the step ends; the trap runs on normal completion, on `exit`, and when `set -e` stops the step.
enum StepScript {
    /// Shells known to have `set -o pipefail`.
    static let pipefailShells: Set<String> = ["bash", "zsh", "ksh", "mksh", "ksh93"]

    /// The wrapper for `shell`; its positional parameters are the state file, the directory
    /// to start in and the step's text.
    ///
    /// runbook's own runbooks stop on an unset variable (`-u`); Runme documents run as Runme
    /// runs them, with `set -e -o pipefail`, where an unset variable is empty.
    static func wrapper(for shell: String, semantics: Semantics = .runbook) -> String {
        let name = shell.split(separator: "/").last.map(String.init) ?? shell
        let stopOnUnset = semantics == .runbook ? "u" : ""
        let options = pipefailShells.contains(name) ? "set -e\(stopOnUnset)o pipefail" : "set -e\(stopOnUnset)"
        // One line, so the step's text is evaluated on line 1 and its line N is the shell's
        // line N: `arguments` pads the text so that is the runbook's own line.
        return [
            "__runbook_state=$1 __runbook_dir=$2 __runbook_step=$3",
            "shift 3",
            "CDPATH= cd -- \"$__runbook_dir\" || exit 125",
            "__runbook_start=$PWD",
            #"trap '__runbook_rc=$?; trap - EXIT; { printf "%s\0%s\0" "$__runbook_start" "$PWD"; export -p; } >|"$__runbook_state" 2>/dev/null; exit "$__runbook_rc"' EXIT"#,
            options,
            "eval \"$__runbook_step\"",
        ].joined(separator: "; ")
    }

    /// argv for running `command` with `shell` inside `wrapper` (`wrapper(for: shell)`).
    ///
    /// `firstLine` is the runbook line the command's first line is on: the text is preceded by
    /// that many newlines less one, so the shell's error messages (`book.md: line 12: tar: not
    /// found`) name the runbook's lines, and `$0` is `scriptName`, the runbook's path.
    static func arguments(
        shell: String, wrapper: String, command: String, stateFile: String, workingDirectory: String,
        firstLine: Int = 1, scriptName: String = "runbook-step"
    ) -> [String] {
        let padded = firstLine > 1 ? StepScript.newlines(firstLine - 1) + command : command
        return [shell, "-c", wrapper, scriptName, stateFile, workingDirectory, padded]
    }

    /// `count` newlines, made at once: `String(repeating:count:)` appends them one at a time.
    static func newlines(_ count: Int) -> String {
        String(decoding: [UInt8](repeating: UInt8(ascii: "\n"), count: count), as: UTF8.self)
    }

    /// The wrapper for a `console` transcript: its positional parameters are the state file,
    /// the directory to start in, the marker token, then for each `$ ` command the exit status
    /// it is expected to end with and its text.
    ///
    /// The commands run one after the other in the one shell, so what one exports or `cd`s
    /// into carries to the next. Each runs the way it ran at the terminal the transcript was
    /// copied from (and as cram runs it): without `set -e`, `-u` or `pipefail`, so its status
    /// and output are the ones the transcript shows. What `set -e` does for a script the
    /// wrapper does per command: the block stops at the first command whose status is not the
    /// one written (`[N]`, else 0). After each command, a marker line with its index and status
    /// goes to stdout and to stderr, so the engine can cut each stream per command.
    static func consoleWrapper(for shell: String) -> String {
        """
        __runbook_state=$1 __runbook_dir=$2 __runbook_mark=$3
        shift 3
        __runbook_count=0
        while [ $# -gt 1 ]; do
          __runbook_count=$((__runbook_count + 1))
          eval "__runbook_want_$__runbook_count=\\$1 __runbook_text_$__runbook_count=\\$2"
          shift 2
        done
        CDPATH= cd -- "$__runbook_dir" || exit 125
        __runbook_start=$PWD
        trap '__runbook_rc=$?; trap - EXIT; { printf "%s\\0%s\\0" "$__runbook_start" "$PWD"; export -p; } >|"$__runbook_state" 2>/dev/null; exit "$__runbook_rc"' EXIT
        __runbook_index=0
        while [ "$__runbook_index" -lt "$__runbook_count" ]; do
          __runbook_index=$((__runbook_index + 1))
          eval "__runbook_want=\\$__runbook_want_$__runbook_index __runbook_step=\\$__runbook_text_$__runbook_index"
          eval "$__runbook_step"
          __runbook_got=$?
          printf '%s%s:%s\\n' "$__runbook_mark" "$__runbook_index" "$__runbook_got"
          printf '%s%s:%s\\n' "$__runbook_mark" "$__runbook_index" "$__runbook_got" >&2
          if [ "$__runbook_got" -ne "$__runbook_want" ]; then
            [ "$__runbook_got" -eq 0 ] && exit 1
            exit "$__runbook_got"
          fi
        done
        """
    }

    /// argv for running a transcript's `commands` with `shell` inside `consoleWrapper(for:)`.
    static func consoleArguments(
        shell: String, wrapper: String, commands: [(command: String, expectedStatus: Int)], stateFile: String,
        workingDirectory: String, marker: String
    ) -> [String] {
        [shell, "-c", wrapper, "runbook-step", stateFile, workingDirectory, marker]
            + commands.flatMap { [String($0.expectedStatus), $0.command] }
    }
}
