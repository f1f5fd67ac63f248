import RunbookDocument
import RunbookRecords

/// A driver that answers from a script, for tests and tools: each answer applies to the first
/// matching request (by step id and situation) and is used once. Requests nothing in the script
/// matches get the defaults: run proposals, abort after failures, pause on interrupts.
public final class ScriptedDriver: Driver {
    /// Which requests an answer applies to.
    public enum When: Sendable, Hashable {
        case proposal
        case failure
        case interrupt
        case declined
        case any
    }

    public struct Answer: Sendable, Hashable {
        public var stepID: String?
        public var when: When
        public var decision: Decision

        public init(step stepID: String? = nil, when: When = .any, _ decision: Decision) {
            self.stepID = stepID
            self.when = when
            self.decision = decision
        }
    }

    private var answers: [Answer]
    /// What confirmations get; `.yes` unless set.
    public var confirmation: ConfirmationAnswer
    /// Values for variables the run cannot otherwise find.
    public var values: [String: String]
    /// Lessons to record when the run ends.
    public var lessonsToRecord: [String]
    /// Every request, in order, for assertions.
    public private(set) var requests: [DecisionRequest] = []
    public private(set) var confirmations: [ConfirmationRequest] = []

    public init(
        _ answers: [Answer] = [], confirmation: ConfirmationAnswer = .yes, values: [String: String] = [:],
        lessons: [String] = []
    ) {
        self.answers = answers
        self.confirmation = confirmation
        self.values = values
        lessonsToRecord = lessons
    }

    public func decide(_ request: DecisionRequest) -> Decision {
        requests.append(request)
        let when: When
        switch request.situation {
        case .proposal: when = .proposal
        case .failed: when = .failure
        case .interrupted, .runnerDied: when = .interrupt
        case .declined: when = .declined
        }
        if let index = answers.firstIndex(where: {
            ($0.stepID == nil || $0.stepID == request.step.step.id) && ($0.when == .any || $0.when == when)
        }) {
            return answers.remove(at: index).decision
        }
        switch when {
        case .proposal: return .run
        case .failure: return .abort(reason: "scripted default after a failure")
        case .interrupt, .declined, .any: return .pause(reason: "scripted default")
        }
    }

    public func confirm(_ request: ConfirmationRequest) -> ConfirmationAnswer {
        confirmations.append(request)
        return confirmation
    }

    public func value(for variable: Variable) -> String? { values[variable.name] }

    public func lessons(after summary: RunSummary) -> [String] { lessonsToRecord }
}
