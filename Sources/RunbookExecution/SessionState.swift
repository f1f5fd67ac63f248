import RunbookRecords

/// The shell session a run carries from step to step: the working directory and the exported
/// environment, as if the steps were pasted into one terminal.
public struct SessionState: Sendable, Hashable {
    /// Where the next step starts.
    public private(set) var workingDirectory: String
    /// The environment the next step gets.
    public private(set) var environment: [String: String]
    /// The environment the run started with; snapshots are stored as a difference from it.
    public let baseline: [String: String]

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
    }

    /// What to store: changes against the baseline, never a secret variable, and secret values
    /// inside other values replaced by placeholders.
    public func snapshot(redactor: Redactor, secretNames: Set<String>) -> SessionSnapshot {
        var exported: [String: String] = [:]
        for (name, value) in environment where baseline[name] != value && !secretNames.contains(name) {
            exported[name] = redactor.redact(value)
        }
        let unset = baseline.keys.filter { environment[$0] == nil && !secretNames.contains($0) }.sorted()
        return SessionSnapshot(workingDirectory: redactor.redact(workingDirectory), exported: exported, unset: unset)
    }

    /// Takes in what a step's wrapper wrote when it ended: `start-dir NUL end-dir NUL export -p`.
    ///
    /// The session only moves to the end directory when the step changed directory itself, so
    /// a block's `cwd=` applies to that block alone.
    /// - Returns: false when the capture is missing or unreadable (the step replaced the shell
    ///   with `exec`, or overrode the EXIT trap): the session then stays as it was.
    @discardableResult
    public mutating func absorb(_ capture: [UInt8]) -> Bool {
        guard let first = capture.firstIndex(of: 0),
              let second = capture[(first + 1)...].firstIndex(of: 0) else { return false }
        let startDirectory = String(decoding: capture[..<first], as: UTF8.self)
        let directory = String(decoding: capture[(first + 1)..<second], as: UTF8.self)
        let exported = ShellExportParser.parse(capture[(second + 1)...])
        guard !exported.isEmpty else { return false }
        var next: [String: String] = [:]
        for (name, value) in exported where !SessionState.shellManaged.contains(name) {
            if let value { next[name] = value }
        }
        // Names a shell cannot hold (dots, dashes) never show in `export -p` but still reach
        // child processes: keep them. The shell's own variables keep their previous values.
        for (name, value) in environment where !SessionState.isShellName(name) || SessionState.shellManaged.contains(name) {
            next[name] = value
        }
        environment = next
        if directory != startDirectory, directory.hasPrefix("/") { workingDirectory = directory }
        return true
    }

    static func isShellName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == 0x5F || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else { return false }
        return name.utf8.allSatisfy { $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }
    }
}
