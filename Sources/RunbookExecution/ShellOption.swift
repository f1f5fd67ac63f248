/// A bash option a step turned on or off, as the command that sets it again.
///
/// Some options never carry: `errexit`, because every `shell` step starts stopping at its
/// first failure (a step's `set +e` is for that step), tracing (`xtrace`, `verbose`), which
/// would trace the engine's wrapper, and options that would stop the session from running
/// steps at all (`noexec`, `onecmd`) or belong to an interactive shell.
struct ShellOption: Hashable {
    enum Kind: String {
        case set
        case shopt
    }

    var kind: Kind
    var name: String
    var isOn: Bool

    static let neverCarried: Set<String> = [
        "set:errexit", "set:xtrace", "set:verbose", "set:monitor", "set:noexec", "set:onecmd", "set:history",
        "set:emacs", "set:vi", "set:privileged", "shopt:login_shell", "shopt:restricted_shell",
    ]

    init?(kind: Kind, name: String, isOn: Bool) {
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D }),
            !ShellOption.neverCarried.contains(kind.rawValue + ":" + name)
        else { return nil }
        self.kind = kind
        self.name = name
        self.isOn = isOn
    }

    /// Reads `set -o name`, `set +o name`, `shopt -s name` or `shopt -u name`; nil for
    /// anything else, so a stored session cannot smuggle in another command.
    init?(command: String) {
        let words = command.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 3 else { return nil }
        switch (words[0], words[1]) {
        case ("set", "-o"): self.init(kind: .set, name: String(words[2]), isOn: true)
        case ("set", "+o"): self.init(kind: .set, name: String(words[2]), isOn: false)
        case ("shopt", "-s"): self.init(kind: .shopt, name: String(words[2]), isOn: true)
        case ("shopt", "-u"): self.init(kind: .shopt, name: String(words[2]), isOn: false)
        default: return nil
        }
    }

    var key: String { kind.rawValue + ":" + name }

    var command: String {
        switch kind {
        case .set: (isOn ? "set -o " : "set +o ") + name
        case .shopt: (isOn ? "shopt -s " : "shopt -u ") + name
        }
    }
}
