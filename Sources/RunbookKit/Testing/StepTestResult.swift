import RunbookDocument

/// One step of a tested runbook: a test case in JUnit, a line in TAP.
public struct StepTestResult: Hashable, Sendable {
    public var id: String
    public var title: String
    public var phase: Phase
    public var verdict: TestVerdict
    public var durationSeconds: Double

    public init(id: String, title: String, phase: Phase, verdict: TestVerdict, durationSeconds: Double) {
        self.id = id
        self.title = title
        self.phase = phase
        self.verdict = verdict
        self.durationSeconds = durationSeconds
    }
}
