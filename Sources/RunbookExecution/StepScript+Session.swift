import Foundation
import RunbookDocument

/// The scripts of the bash session (`ShellSession`): the loop the session runs, and the step
/// wrappers that also carry functions, aliases and shell options from step to step.
extension StepScript {
    /// What a bash step writes when it ends, fields ending in NUL: the directory it started
    /// in, the one it ended in, `export -p`, the `set -o` options (`$SHELLOPTS`) before and
    /// after the step's text, the `shopt` options (`$BASHOPTS`) before and after, `alias -p`
    /// and `declare -f`. Builtins only, so the dump starts no process; `>|` because a step may
    /// have set `noclobber`, which carries.
    static let bashDumpGroup =
        #"{ builtin printf "%s\0%s\0" "$__runbook_start" "$PWD"; builtin export -p; "#
        + #"builtin printf "\0%s\0%s\0%s\0%s\0" "${__runbook_o0-}" "$SHELLOPTS" "${__runbook_b0-}" "$BASHOPTS"; "#
        + #"builtin alias -p; builtin printf "\0"; builtin declare -f; builtin printf "\0"; } >|"$__runbook_state" 2>/dev/null"#

    /// The EXIT trap's text that dumps (`bashDumpGroup`) and ends with the step's status.
    static let bashDump = "__runbook_rc=$?; trap - EXIT; " + bashDumpGroup + #"; exit "$__runbook_rc""#

    /// Sets `__runbook_dump` to the dump's text, for the EXIT trap to evaluate.
    static let dumpAssignment = "__runbook_dump='" + bashDumpGroup.replacingQuotes() + "'"

    /// The wrapper for a bash `shell` step in the session: as `wrapper(for:semantics:)`, plus
    /// the carried definitions (`$__runbook_defs`) evaluated after runbook's own options, so a
    /// carried `set +o pipefail` wins over the default and a step's own `set` wins over both.
    ///
    /// A step that ends without `exit` or `set -e` stopping it dumps right after its text,
    /// from code bash parsed with the wrapper, then exits; the EXIT trap, whose text bash
    /// parses only when it runs, dumps for the others. The trap is short (the dump is in a
    /// variable it evaluates only when nothing dumped yet), and a step that sets its own EXIT
    /// trap (a clean-up) has it run when it ends, after the dump.
    static func bashWrapper(semantics: Semantics) -> String {
        let stopOnUnset = semantics == .runbook ? "u" : ""
        return [
            "__runbook_state=$1 __runbook_dir=$2 __runbook_step=$3",
            "shift 3",
            // An absolute or `./` path never goes through CDPATH; a `CDPATH=` prefix would cost
            // a temporary environment, which bash makes and disposes of slowly, on every step.
            "case $__runbook_dir in /*) ;; *) __runbook_dir=./$__runbook_dir;; esac",
            "builtin cd -- \"$__runbook_dir\" || exit 125",
            "__runbook_start=$PWD",
            // The session sets the dump's text once; a spawned or remote step sets it here.
            "[[ -n ${__runbook_dump-} ]] || " + dumpAssignment,
            // An EXIT trap runs once: the exit in it does not run it again.
            "trap '__runbook_rc=$?; [[ -n ${__runbook_dumped-} ]] || builtin eval \"$__runbook_dump\"; "
                + "exit \"$__runbook_rc\"' EXIT",
            "set -e\(stopOnUnset)o pipefail",
            "builtin eval \"${__runbook_defs-}\" || :",
            "__runbook_o0=$SHELLOPTS __runbook_b0=$BASHOPTS",
            "eval \"$__runbook_step\"",
            "__runbook_rc=$?",
            bashDumpGroup,
            "__runbook_dumped=1",
            "exit \"$__runbook_rc\"",
        ].joined(separator: "; ")
    }

    /// The console wrapper for bash in the session: `consoleWrapper(for:)` with the bash dump
    /// and the carried definitions.
    static let bashConsoleWrapper: String = {
        let generic = consoleWrapper(for: "bash")
        let trap =
            #"trap '__runbook_rc=$?; trap - EXIT; { printf "%s\0%s\0" "$__runbook_start" "$PWD"; export -p; } >|"$__runbook_state" 2>/dev/null; exit "$__runbook_rc"' EXIT"#
        precondition(generic.contains(trap), "the console wrapper's trap changed")
        let replacement =
            "trap '" + bashDump.replacingQuotes() + "' EXIT\n"
            + "builtin eval \"${__runbook_defs-}\" || :\n"
            + "__runbook_o0=$SHELLOPTS __runbook_b0=$BASHOPTS"
        return generic.replacingFirst(trap, with: replacement)
    }()

    /// For a bash step spawned on its own (an `interactive` one, on a terminal): read the
    /// carried definitions the engine left in the state file, then run `wrapper`.
    static func spawnedBashWrapper(_ wrapper: String) -> String {
        "IFS= builtin read -r -d '' __runbook_defs <\"$1\" || :; " + wrapper
    }

    /// Reads one framed message (`SessionChannel.framed`) into `__runbook_text`: its length in
    /// `SessionChannel.lengthDigits` digits, then that many ASCII bytes, each read whole.
    /// `read -N` assigns the characters it read without splitting them on IFS, so the reads
    /// need no `IFS=` prefix (a temporary environment costs bash more than the read itself);
    /// a message neither starts nor ends with a character an older bash could trim but a
    /// newline, which changes no shell code.
    static let readMessage =
        "builtin read -r -N \(SessionChannel.lengthDigits) __runbook_len "
        + "&& builtin read -r -N \"$(( 10#$__runbook_len ))\" __runbook_text"

    /// The start of the remote session's loop (`remoteSessionLoop`): read the next request
    /// (`readMessage`) and evaluate it; `E` and `D` are done then, and `R`/`C` have set
    /// `__runbook_n`, `__runbook_name`, `__runbook_pad` and the array `__runbook_args` when
    /// this ends.
    static let readRequest =
        "while \(readMessage); do builtin eval \"$__runbook_text\"; case $__runbook_kind in E|D) ;; R|C) "

    /// Makes `__runbook_nl` hold at least `__runbook_pad` newlines, from newlines the session
    /// keeps, doubled as needed: turning N spaces into newlines with ${text// /…} costs bash time
    /// quadratic in N.
    static let padding =
        "while (( __runbook_nls < __runbook_pad )); do __runbook_nl+=$__runbook_nl$'\\n'; "
        + "__runbook_nls=$(( 2 * __runbook_nls + 1 )); done; "

    /// The local session's loop, on one line so that the step's text, evaluated from it, keeps
    /// its line numbers, with the shell `wrapper` (one line) written into it: bash parses it once
    /// with the loop, where evaluating it from a variable parsed it again for every step. Its
    /// positional parameters are the console wrapper and the directory of the steps' named
    /// pipes. See `ShellSession` for the conversation.
    ///
    /// The session forks each step's child before runbook asks for the step: the child waits
    /// for its request (`SessionChannel.stepRequest`) on the session's stream, so the fork
    /// costs the step nothing while runbook records the previous step's end and this one's
    /// start, and nothing of the step runs before its request, which runbook sends once the
    /// start is recorded. After a child ends, the session reads one update
    /// (`SessionChannel.sessionUpdate`, sent behind the request) before it forks the next; a
    /// request in its place was meant for a child that ended before reading it, and the
    /// session skips it for the update behind it.
    static func sessionLoop(wrapper: String) -> String {
        precondition(!wrapper.contains("\n"), "the session's shell wrapper must be one line")
        return sessionLoopTemplate.replacingFirst(wrapperPlaceholder, with: wrapper)
    }

    private static let wrapperPlaceholder = "__runbook_wrapper_here"

    private static let sessionLoopTemplate = [
        "__runbook_console=$1 __runbook_fifos=$2 __runbook_defs= __runbook_nl= __runbook_nls=0 __runbook_pad=0",
        dumpAssignment,
        "shift 2",
        // Job control gives each step's child a process group of its own.
        "set -m",
        // As at a terminal: an alias a step defines works in the steps after it.
        "shopt -s expand_aliases",
        "builtin printf 'ready\\n'",
        "while :; do "
            // The child: its request, then the step. The end of the stream (runbook is gone)
            // or anything but a step ends it without running anything.
            + "( __runbook_kind=; \(readMessage) || builtin exit 125; builtin eval \"$__runbook_text\"; "
            + "case $__runbook_kind in R|C) ;; *) builtin exit 125;; esac; "
            + padding
            + "exec </dev/null >\"$__runbook_fifos/out.$__runbook_n\" 2>\"$__runbook_fifos/err.$__runbook_n\" || builtin exit 125; "
            + "set +m; BASH_ARGV0=$__runbook_name; "
            + "if (( __runbook_pad > 0 )); then __runbook_args[2]=${__runbook_nl:0:__runbook_pad}${__runbook_args[2]}; fi; "
            + "builtin set -- \"${__runbook_args[@]}\"; builtin unset -v __runbook_args __runbook_text __runbook_len __runbook_nl __runbook_nls; "
            + "if [[ $__runbook_kind == C ]]; then builtin eval \"$__runbook_console\"; else \(wrapperPlaceholder); fi ) & "
            + "builtin printf 'P%s\\n' \"$!\"; builtin wait \"$!\"; builtin printf 'S%s\\n' \"$?\"; "
            // The update runbook sent behind the request: what the next child inherits. It
            // names the last step's padding, so the newlines the next child most likely needs
            // are made once here and not again in every child.
            + "\(readMessage) || builtin exit 0; "
            + "case $__runbook_text in __runbook_kind=[RC]\\ *) \(readMessage) || builtin exit 0;; esac; "
            + "builtin eval \"$__runbook_text\"; "
            + padding
            + "done",
    ].joined(separator: "; ")
}

extension String {
    /// The text for inside a single-quoted shell word: each `'` closed, escaped and reopened.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self {
            if character == "'" { result += "'\\''" } else { result.append(character) }
        }
        return result
    }

    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
