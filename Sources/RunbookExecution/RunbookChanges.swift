import RunbookDocument

/// What changed in a runbook between the revision a run followed and the file now, step by
/// step: what resume shows before continuing on a changed file.
public struct StepChange: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case added, removed, changed
    }

    public var stepID: String
    public var kind: Kind

    public var description: String { "\(kind.rawValue): \(stepID)" }
}

public enum RunbookChanges {
    /// Steps added, removed, or changed in what runs or how (command, kind, phase, expected
    /// output, confirmation, destructive, timeout, working directory, interactive, excluded).
    public static func between(_ old: Runbook, _ new: Runbook) -> [StepChange] {
        let before = Dictionary(old.allSteps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.allSteps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [StepChange] = []
        for step in new.allSteps {
            guard let previous = before[step.id] else {
                changes.append(StepChange(stepID: step.id, kind: .added))
                continue
            }
            if signature(previous) != signature(step) { changes.append(StepChange(stepID: step.id, kind: .changed)) }
        }
        for step in old.allSteps where after[step.id] == nil {
            changes.append(StepChange(stepID: step.id, kind: .removed))
        }
        return changes
    }

    private struct Signature: Hashable {
        var command: String
        var kind: StepKind
        var phase: Phase
        var expected: String?
        var confirmation: Confirmation
        var isDestructive: Bool
        var timeout: Double?
        var workingDirectory: String?
        var isInteractive: Bool
        var isExcluded: Bool
    }

    private static func signature(_ step: Step) -> Signature {
        Signature(
            command: step.command, kind: step.kind, phase: step.phase, expected: step.expectedOutput?.text,
            confirmation: step.confirmation, isDestructive: step.isDestructive, timeout: step.timeout,
            workingDirectory: step.workingDirectory, isInteractive: step.isInteractive, isExcluded: step.isExcluded)
    }
}
