import RunbookRecords

/// Appends a run's events and keeps its folded state current: the engine reads `state` (the
/// same fold resume and history use) instead of keeping its own bookkeeping.
final class RunRecorder {
    let store: RecordStore
    let runID: String
    private(set) var state: RunState
    private let observer: (any RunObserver)?

    init(store: RecordStore, runID: String, state: RunState, observer: (any RunObserver)?) {
        self.store = store
        self.runID = runID
        self.state = state
        self.observer = observer
    }

    /// Commits the events in one transaction, then folds them in and shows them.
    func record(_ events: [NewEvent]) throws(EngineError) {
        let stored: [RunEvent]
        do {
            stored = try store.append(events, to: runID, after: state.lastSequence)
        } catch {
            throw .records(error)
        }
        for event in stored {
            state.apply(event)
            observer?.recorded(event)
        }
    }

    func record(_ event: NewEvent) throws(EngineError) { try record([event]) }
}
