/// How runbook runs OpenSSH: the system's `ssh`, or `RUNBOOK_SSH_COMMAND` split into words the
/// way git splits `GIT_SSH_COMMAND` (whitespace separates words; single quotes keep text as it
/// is; double quotes and backslashes work as in a shell), so `RUNBOOK_SSH_COMMAND="ssh -F FILE"`
/// points runbook at another config.
///
/// Every connection to a host goes through one master connection per host and run, whose
/// socket lives in the run's private 0700 directory. Host key checking is left to the
/// operator's configuration: runbook never turns it off.
public struct SSHCommand: Sendable, Hashable {
    /// The program and its own arguments, before runbook's.
    public var words: [String]

    public init(words: [String]) { self.words = words.isEmpty ? ["ssh"] : words }

    /// `RUNBOOK_SSH_COMMAND` from `environment` when set and readable, else `ssh`.
    public init(environment: [String: String]) throws(SSHCommandError) {
        guard let text = environment["RUNBOOK_SSH_COMMAND"], !text.allSatisfy(\.isWhitespace) else {
            self.init(words: ["ssh"])
            return
        }
        guard let words = SSHCommand.split(text) else { throw SSHCommandError(text: text) }
        self.init(words: words)
    }

    /// `text` split into words, or nil when a quote is left open.
    public static func split(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch quote {
            case "'":
                if character == "'" { quote = nil } else { current.append(character) }
            case "\"":
                if character == "\"" {
                    quote = nil
                } else if character == "\\" {
                    escaped = true
                } else {
                    current.append(character)
                }
            default:
                if character == "'" || character == "\"" {
                    quote = character
                    inWord = true
                } else if character == "\\" {
                    escaped = true
                    inWord = true
                } else if character.isWhitespace {
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                } else {
                    current.append(character)
                    inWord = true
                }
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(current) }
        return words
    }

    /// The options every connection of a run gives: the run's master socket, and no prompt
    /// nobody could answer under `--auto`.
    func options(controlPath: String, batchMode: Bool) -> [String] {
        var options = ["-o", "ControlPath=\(controlPath)"]
        if batchMode { options += ["-o", "BatchMode=yes"] }
        return options
    }

    /// Opens the master connection and returns once it is up (`-f` backgrounds it after
    /// authentication). `ControlMaster=yes` alone: adding `-M` to it would make it `ask`, which
    /// refuses every session nobody confirms. It lives until `exitArguments` ends it, or a minute after its last use
    /// (ControlPersist) when runbook could not end it.
    func masterArguments(destination: String, controlPath: String, batchMode: Bool) -> [String] {
        words + options(controlPath: controlPath, batchMode: batchMode)
            + ["-o", "ControlMaster=yes", "-o", "ControlPersist=60", "-N", "-f", "-T", "--", destination]
    }

    /// A session over the master connection, running `command` on the remote side.
    func sessionArguments(destination: String, controlPath: String, batchMode: Bool, command: String) -> [String] {
        words + options(controlPath: controlPath, batchMode: batchMode)
            + ["-o", "ControlMaster=no", "-T", "--", destination, command]
    }

    /// Ends the master connection.
    func exitArguments(destination: String, controlPath: String) -> [String] {
        words + ["-o", "ControlPath=\(controlPath)", "-O", "exit", "--", destination]
    }
}

/// `RUNBOOK_SSH_COMMAND` could not be split into words.
public struct SSHCommandError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var description: String {
        "RUNBOOK_SSH_COMMAND has a quote that is never closed: \(text)"
    }
}
