import RunbookDocument
import RunbookRecords

/// Appends a run's events and keeps its folded state current: the engine reads `state` (the
/// same fold resume and history use) instead of keeping its own bookkeeping. Events a
/// `notify:` target asks about start a delivery; deliveries that ended are recorded with the
/// next events.
final class RunRecorder {
    let store: RecordStore
    let runID: String
    private(set) var state: RunState
    private let observer: (any RunObserver)?
    let notifier: NotificationDispatcher?

    init(
        store: RecordStore, runID: String, state: RunState, observer: (any RunObserver)?,
        notifier: NotificationDispatcher? = nil
    ) {
        self.store = store
        self.runID = runID
        self.state = state
        self.observer = observer
        self.notifier = notifier
    }

    /// Commits the events in one transaction, then folds them in and shows them.
    func record(_ events: [NewEvent]) throws(EngineError) {
        let delivered = (notifier?.takeFinished() ?? []).map { NewEvent(.notified($0)) }
        try append(delivered + events)
    }

    func record(_ event: NewEvent) throws(EngineError) { try record([event]) }

    /// Waits (at most `seconds`) for deliveries still going and records every outcome: the
    /// run's process does not end before its notifications are delivered or given up.
    func finishNotifications(waitingAtMost seconds: Double) throws(EngineError) {
        guard let notifier else { return }
        let outcomes = notifier.finish(waitingAtMost: seconds)
        if !outcomes.isEmpty { try append(outcomes.map { NewEvent(.notified($0)) }) }
    }

    private func append(_ events: [NewEvent]) throws(EngineError) {
        let stored: [RunEvent]
        do {
            stored = try store.append(events, to: runID, after: state.lastSequence)
        } catch {
            throw .records(error)
        }
        for event in stored {
            state.apply(event)
            observer?.recorded(event)
            if let notifier, let trigger = Self.trigger(of: event.payload) {
                notifier.notify(message(trigger, event))
            }
        }
    }

    /// The `notify:` trigger an event is, if any.
    static func trigger(of payload: EventPayload) -> NotificationTarget.Trigger? {
        switch payload {
        case .deviation: .deviation
        case .paused: .paused
        case .interrupted: .interrupted
        case .finished(let finished): finished.status == .completed ? .completed : .failed
        default: nil
        }
    }

    /// The step whose last attempt failed most recently: where a failed run stopped.
    private var lastFailedStep: String? {
        state.order.last { state.steps[$0]?.outcome?.isSuccess == false }
    }

    private func message(_ trigger: NotificationTarget.Trigger, _ event: RunEvent) -> NotificationMessage {
        let detail: String
        switch event.payload {
        case .deviation(let deviation): detail = "\(deviation.kind.rawValue): \(deviation.detail)"
        case .paused(let paused): detail = paused.text
        case .interrupted(let interrupted): detail = interrupted.reason
        case .finished(let finished): detail = finished.reason ?? ""
        default: detail = ""
        }
        return NotificationMessage(
            trigger: trigger, runID: runID, runbookID: state.started?.runbookID ?? "",
            title: state.started?.title ?? "", status: state.status.rawValue,
            stepID: event.stepID ?? (trigger == .failed ? lastFailedStep : nil), detail: detail,
            host: state.started?.host ?? "", operatorName: state.started?.operatorName ?? "", time: event.time,
            sequence: event.sequence)
    }
}
