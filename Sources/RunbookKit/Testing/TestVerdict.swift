/// How one test case (a runbook, or one of its steps) came out.
public enum TestVerdict: Hashable, Sendable {
    case passed
    /// `message` says what failed; `detail` is the evidence (output, expected output).
    case failed(message: String, detail: String)
    case skipped(reason: String)

    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }

    public var isSkipped: Bool {
        if case .skipped = self { return true }
        return false
    }
}
