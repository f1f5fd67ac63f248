/// What an unattended run does when a step or a validation check fails (`--on-failure`).
public enum FailurePolicy: String, Sendable, Hashable, CaseIterable {
    /// End the run as failed, leaving the state as it is (the default: nothing more runs
    /// without a person deciding).
    case stop
    /// Run the rollback section (what undoes the steps that completed), recorded in the run.
    case rollback
    /// Leave the run paused (exit 3) for a person to look and `runbook resume` or
    /// `runbook rollback` it.
    case pause
}
