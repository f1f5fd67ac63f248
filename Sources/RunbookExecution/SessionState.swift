import RunbookRecords

/// The shell session a run carries from step to step: the working directory, the exported
/// environment and, with bash, the functions, aliases and shell options the steps defined, as
/// if the steps were pasted into one terminal.
public struct SessionState: Sendable, Hashable {
    /// Where the next step starts.
    public private(set) var workingDirectory: String
    /// The environment the next step gets.
    public private(set) var environment: [String: String]
    /// The environment the run started with; snapshots are stored as a difference from it.
    public let baseline: [String: String]
    /// The shell options steps turned on or off, as commands (`set -o name`, `shopt -u name`)
    /// by option: each step starts from runbook's own options with these applied.
    public private(set) var shellOptions: [String: String] = [:]
    /// The aliases the steps defined (`alias -p`).
    public private(set) var aliases = ""
    /// The functions the steps defined (`declare -f`).
    public private(set) var functions = ""

    /// Names the shell maintains itself; carrying them would record noise, not the step.
    static let shellManaged: Set<String> = ["PWD", "OLDPWD", "SHLVL", "_"]

    public init(workingDirectory: String, environment: [String: String]) {
        self.workingDirectory = workingDirectory
        self.environment = environment
        baseline = environment
    }

    /// The session a stored snapshot describes, on top of a freshly computed baseline.
    /// `[secret:NAME]` placeholders in stored values are filled in from `redactor`.
    public init(restoring snapshot: SessionSnapshot, baseline: [String: String], redactor: Redactor) {
        self.baseline = baseline
        var environment = baseline
        for (name, value) in snapshot.exported { environment[name] = redactor.restore(value) }
        for name in snapshot.unset { environment[name] = nil }
        self.environment = environment
        workingDirectory = redactor.restore(snapshot.workingDirectory)
        for command in snapshot.shellOptions ?? [] {
            if let option = ShellOption(command: command) { shellOptions[option.key] = option.command }
        }
        aliases = snapshot.aliases.map(redactor.restore) ?? ""
        functions = snapshot.functions.map(redactor.restore) ?? ""
    }

    /// What each step evaluates before its text: options first (an `extglob` pattern in a
    /// function needs it to parse), then functions, then aliases (a function's body is stored
    /// with its aliases already expanded).
    public var definitions: String {
        guard !shellOptions.isEmpty || !aliases.isEmpty || !functions.isEmpty else { return "" }
        var script = shellOptions.keys.sorted().map { shellOptions[$0]! + "\n" }.joined()
        script += functions
        if !functions.isEmpty, !functions.hasSuffix("\n") { script += "\n" }
        script += aliases
        return script
    }

    /// What to store: changes against the baseline, never a secret variable, and secret values
    /// inside other values replaced by placeholders.
    public func snapshot(redactor: Redactor, secretNames: Set<String>) -> SessionSnapshot {
        var exported: [String: String] = [:]
        for (name, value) in environment where baseline[name] != value && !secretNames.contains(name) {
            exported[name] = redactor.redact(value)
        }
        let unset = baseline.keys.filter { environment[$0] == nil && !secretNames.contains($0) }.sorted()
        var snapshot = SessionSnapshot(
            workingDirectory: redactor.redact(workingDirectory), exported: exported, unset: unset)
        if !shellOptions.isEmpty { snapshot.shellOptions = shellOptions.keys.sorted().map { shellOptions[$0]! } }
        if !aliases.isEmpty { snapshot.aliases = redactor.redact(aliases) }
        if !functions.isEmpty { snapshot.functions = redactor.redact(functions) }
        return snapshot
    }

    /// Takes in what a step's wrapper wrote when it ended: `start-dir NUL end-dir NUL export -p`,
    /// and from bash (`StepScript.bashDump`) then `NUL` and the options before and after, the
    /// aliases and the functions.
    ///
    /// The session only moves to the end directory when the step changed directory itself, so
    /// a block's `cwd=` applies to that block alone.
    /// - Returns: false when the capture is missing or unreadable (the step replaced the shell
    ///   with `exec`, or overrode the EXIT trap): the session then stays as it was.
    @discardableResult
    public mutating func absorb(_ capture: [UInt8]) -> Bool {
        guard let first = capture.firstIndex(of: 0),
            let second = capture[(first + 1)...].firstIndex(of: 0)
        else { return false }
        let startDirectory = String(decoding: capture[..<first], as: UTF8.self)
        let directory = String(decoding: capture[(first + 1)..<second], as: UTF8.self)
        let rest = capture[(second + 1)...]
        let fields = rest.split(separator: 0, omittingEmptySubsequences: false)
        // bash's dump: exports, four option lists, aliases, functions, and the empty tail.
        let isBash = fields.count == 8 && rest.last == 0
        let exported = ShellExportParser.parse(isBash ? fields[0] : rest)
        guard !exported.isEmpty else { return false }
        if isBash {
            let text = fields.map { String(decoding: $0, as: UTF8.self) }
            absorbOptions(before: text[1], after: text[2], kind: .set)
            absorbOptions(before: text[3], after: text[4], kind: .shopt)
            aliases = text[5]
            functions = text[6]
        }
        var next: [String: String] = [:]
        for (name, value) in exported where !SessionState.shellManaged.contains(name) {
            if let value { next[name] = value }
        }
        // Names a shell cannot hold (dots, dashes) never show in `export -p` but still reach
        // child processes: keep them. The shell's own variables keep their previous values.
        for (name, value) in environment
        where !SessionState.isShellName(name) || SessionState.shellManaged.contains(name) {
            next[name] = value
        }
        environment = next
        if directory != startDirectory, directory.hasPrefix("/") { workingDirectory = directory }
        return true
    }

    /// Options whose state differs before and after the step: the step changed them, and
    /// they carry (unless runbook keeps them per step).
    private mutating func absorbOptions(before: String, after: String, kind: ShellOption.Kind) {
        guard !before.isEmpty else { return }
        let was = Set(before.split(separator: ":")), now = Set(after.split(separator: ":"))
        for name in was.symmetricDifference(now) {
            guard let option = ShellOption(kind: kind, name: String(name), isOn: now.contains(name)) else { continue }
            shellOptions[option.key] = option.command
        }
    }

    static func isShellName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == 0x5F || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            return false
        }
        return name.utf8.allSatisfy {
            $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A)
        }
    }
}
