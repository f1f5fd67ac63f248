/// One tested runbook: a test suite in JUnit.
public struct RunbookTestResult: Hashable, Sendable {
    public var path: String
    public var id: String
    public var title: String
    /// Passed when the run completed with every check met; failed with the first failure's
    /// reason; skipped with why it did not run at all.
    public var verdict: TestVerdict
    /// Every checklist step, in order; empty when the runbook never started.
    public var steps: [StepTestResult]
    public var durationSeconds: Double
    /// The recorded run, when there is one.
    public var runID: String?
    /// The scratch directory, kept for a look when the test failed.
    public var keptScratchDirectory: String?
    /// Ctrl-C or SIGTERM stopped it: no further runbook should be tested.
    public var wasInterrupted = false

    public init(
        path: String, id: String, title: String, verdict: TestVerdict, steps: [StepTestResult] = [],
        durationSeconds: Double = 0, runID: String? = nil, keptScratchDirectory: String? = nil
    ) {
        self.path = path
        self.id = id
        self.title = title
        self.verdict = verdict
        self.steps = steps
        self.durationSeconds = durationSeconds
        self.runID = runID
        self.keptScratchDirectory = keptScratchDirectory
    }
}
