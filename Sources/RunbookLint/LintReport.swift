import RunbookDocument

/// What happened to one file.
public struct FileResult: Hashable, Sendable {
    public enum Status: Hashable, Sendable {
        case linted
        /// Found by walking a directory and neither front matter nor executable blocks: a README.
        case skipped
        /// The file could not be read (missing, permission): a usage or I/O error.
        case unreadable(String)
    }

    public var path: String
    public var status: Status
    public var findings: [Finding]

    public init(path: String, status: Status, findings: [Finding] = []) {
        self.path = path
        self.status = status
        self.findings = findings
    }
}

/// The result of linting a set of files, in the order the files were given and found.
public struct LintReport: Sendable {
    public var files: [FileResult]
    /// The rules that ran, for reporters that describe them (SARIF).
    public var rules: [RuleDescription]

    public init(files: [FileResult], rules: [RuleDescription]) {
        self.files = files
        self.rules = rules
    }

    /// Every finding, file by file, in document order within a file.
    public var findings: [Finding] { files.flatMap(\.findings) }

    /// Sentences about files that could not be read.
    public var errors: [String] {
        files.compactMap { file in
            if case .unreadable(let reason) = file.status { return reason }
            return nil
        }
    }

    public func count(_ severity: Severity) -> Int {
        files.reduce(0) { $0 + $1.findings.count { $0.severity == severity } }
    }

    public var lintedCount: Int { files.count { $0.status == .linted } }
    public var skippedCount: Int { files.count { $0.status == .skipped } }

    /// True when some finding is at least `threshold`.
    public func hasFindings(atLeast threshold: Severity) -> Bool {
        files.contains { $0.findings.contains { $0.severity >= threshold } }
    }

    /// `2 errors, 5 warnings and 1 note in 3 of 40 files (12 skipped).`
    public var summary: String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let files = plural(lintedCount, "file")
        let skipped = skippedCount > 0 ? " (\(skippedCount) without front matter or commands skipped)" : ""
        let withFindings = self.files.count { !$0.findings.isEmpty }
        let total = self.findings.count
        guard total > 0 else { return "No problems found in \(files)\(skipped)." }
        return
            "\(plural(count(.error), "error")), \(plural(count(.warning), "warning")) and \(plural(count(.note), "note")) in \(withFindings) of \(files)\(skipped)."
    }
}
