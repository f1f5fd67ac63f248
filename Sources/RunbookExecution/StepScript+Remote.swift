/// The scripts of a remote session (`RemoteShellSession`): the same requests as the local
/// session loop (`StepScript.sessionLoop`), answered over ssh's standard output, which also
/// carries each step's stdout and stderr, framed line by line, since local named pipes cannot
/// reach another machine.
extension StepScript {
    /// What ssh runs on the remote side: a bash that reads its real script from the session
    /// stream, so nothing but this fixed text is on the remote command line (variables and
    /// secrets follow in the stream).
    static let remoteCommand =
        #"exec bash -c 'IFS= read -r -d "" __runbook_boot && eval "$__runbook_boot"' runbook-remote"#

    /// The remote session, sent as the first field of the stream, then the shell wrapper and
    /// the console wrapper as the next two.
    ///
    /// It makes a private 0700 directory (removed when the session ends) with two named pipes
    /// for the running step's stdout and stderr and the state file the wrapper writes. Per
    /// step: two readers turn the pipes into frames on ssh's stdout (`O`/`E`, then `1` when the
    /// piece ended a line, `0` when it did not, then at most 1000 bytes and a newline); the
    /// loop holds the pipes' write ends only until the step's child has them, so the readers
    /// see their end when the step's last process closes them. A watcher reads the session
    /// stream while the step runs: nothing comes from runbook then, so the end of the stream
    /// means runbook or the connection is gone, and the watcher kills the step's group. After
    /// the step: `T` and the state file in base64 when it succeeded, then `S<status>`.
    static let remoteSessionLoop = [
        "IFS= builtin read -r -d '' __runbook_wrapper || builtin exit 2",
        "IFS= builtin read -r -d '' __runbook_console || builtin exit 2",
        "__runbook_defs= __runbook_nl= __runbook_nls=0",
        "__runbook_tmp=$(umask 077 && mktemp -d \"${TMPDIR:-/tmp}/runbook-remote.XXXXXX\") || builtin exit 2",
        "trap 'command rm -rf -- \"$__runbook_tmp\"' EXIT",
        "(umask 077 && mkfifo \"$__runbook_tmp/out\" \"$__runbook_tmp/err\" && : >\"$__runbook_tmp/state\") || builtin exit 2",
        // Writing to a connection that is gone must not kill the loop before it cleans up.
        "trap '' PIPE",
        "__runbook_pump() { LC_ALL=C; local line; while IFS= builtin read -r -n 1000 line; do "
            + "if (( ${#line} < 1000 )); then builtin printf '%s1%s\\n' \"$1\" \"$line\"; "
            + "else builtin printf '%s0%s\\n' \"$1\" \"$line\"; fi; done; "
            + "[[ -z $line ]] || builtin printf '%s0%s\\n' \"$1\" \"$line\"; }",
        "set -m",
        "shopt -s expand_aliases",
        "builtin cd || :",
        "builtin printf 'ready\\n'",
        readRequest
            + "__runbook_args[0]=$__runbook_tmp/state; "
            + "if [[ ${__runbook_args[1]} == '~' ]]; then __runbook_args[1]=$HOME; "
            + "elif [[ ${__runbook_args[1]} == '~/'* ]]; then __runbook_args[1]=$HOME/${__runbook_args[1]#'~/'}; fi; "
            + padding
            + "( __runbook_pump O ) <\"$__runbook_tmp/out\" 2>/dev/null & __runbook_r1=$!; "
            + "( __runbook_pump E ) <\"$__runbook_tmp/err\" 2>/dev/null & __runbook_r2=$!; "
            + "exec 7>\"$__runbook_tmp/out\" 8>\"$__runbook_tmp/err\"; "
            + "( exec </dev/null >&7 2>&8 7>&- 8>&-; trap - PIPE EXIT; "
            + "set +m; BASH_ARGV0=$__runbook_name; "
            + "if (( __runbook_pad > 0 )); then __runbook_args[2]=${__runbook_nl:0:__runbook_pad}${__runbook_args[2]}; fi; "
            + "builtin set -- \"${__runbook_args[@]}\"; builtin unset -v __runbook_args __runbook_text __runbook_nl __runbook_nls; "
            + "if [[ $__runbook_kind == C ]]; then builtin eval \"$__runbook_console\"; else builtin eval \"$__runbook_wrapper\"; fi ) & "
            + "__runbook_child=$!; exec 7>&- 8>&-; "
            + "builtin printf 'P%s\\n' \"$__runbook_child\"; "
            + "( IFS= builtin read -r -n 1 __runbook_text; builtin kill -KILL -- \"-$__runbook_child\" 2>/dev/null ) & "
            + "__runbook_watch=$!; "
            + "builtin wait \"$__runbook_child\"; __runbook_status=$?; "
            + "builtin kill -KILL \"$__runbook_watch\" 2>/dev/null; builtin wait \"$__runbook_watch\" \"$__runbook_r1\" \"$__runbook_r2\"; "
            + "if (( __runbook_status == 0 )) && [[ -s $__runbook_tmp/state ]]; then "
            + "builtin printf 'T%s\\n' \"$(base64 -w0 <\"$__runbook_tmp/state\")\"; fi; "
            + ": >\"$__runbook_tmp/state\"; "
            + "builtin printf 'S%s\\n' \"$__runbook_status\";; "
            + "*) builtin exit 2;; esac; done",
    ].joined(separator: "\n")
}
