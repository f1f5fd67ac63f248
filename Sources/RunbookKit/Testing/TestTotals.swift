/// How many runbooks passed, failed and were skipped.
public struct TestTotals: Hashable, Sendable {
    public var passed = 0
    public var failed = 0
    public var skipped = 0

    public init(_ results: [RunbookTestResult]) {
        for result in results {
            switch result.verdict {
            case .passed: passed += 1
            case .failed: failed += 1
            case .skipped: skipped += 1
            }
        }
    }

    public var total: Int { passed + failed + skipped }
    /// Exit 0 only when nothing failed (a skip is not a failure: its reason is reported).
    public var allPassed: Bool { failed == 0 }
}
