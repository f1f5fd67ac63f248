import Foundation
import RunbookDocument
import RunbookRecords

/// A run read for people: the header facts, every step of the checklist with what happened to
/// it, and the run-wide notes, deviations, lessons and what is left to do. The Markdown and
/// HTML exporters render this one model, so the two say the same things.
public struct RunReport: Hashable, Sendable {
    /// Where a step stands at the end of the record.
    public enum StepStatus: String, Hashable, Sendable {
        case succeeded, confirmed, failed
        case timedOut = "timed out"
        case interrupted
        case notStarted = "could not start"
        case skipped
        case inProgress = "in progress"
        case notRun = "not run"

        /// A glyph for the checklist.
        public var mark: String {
            switch self {
            case .succeeded: "✅"
            case .confirmed: "☑️"
            case .failed, .notStarted: "❌"
            case .timedOut: "⏱️"
            case .interrupted, .inProgress: "⏸️"
            case .skipped: "⏭️"
            case .notRun: "⬜"
            }
        }

        init(_ outcome: StepOutcome) {
            switch outcome {
            case .succeeded: self = .succeeded
            case .confirmed: self = .confirmed
            case .failed: self = .failed
            case .timedOut: self = .timedOut
            case .interrupted: self = .interrupted
            case .notStarted: self = .notStarted
            }
        }
    }

    public struct StepReport: Hashable, Sendable {
        /// Whether the run did anything with the step (ran, skipped or noted it): the exports
        /// give only these steps a section of their own.
        public var wasTouched: Bool { attempts > 0 || skip != nil || !notes.isEmpty }

        public var id: String
        public var title: String
        public var phase: Phase
        public var kind: StepKind?
        public var status: StepStatus
        public var attempts: Int
        public var durationSeconds: Double?
        public var exitCode: Int?
        /// The command as the runbook wrote it, when known.
        public var writtenCommand: String?
        /// The command that last ran (after any edit), redacted.
        public var executedCommand: String?
        /// Set when the operator edited the command: what was written, what ran.
        public var edit: CommandEditedPayload?
        public var skip: SkippedPayload?
        public var outputs: [OutputPayload]
        /// The diff against the expected output when it did not match.
        public var mismatch: String?
        public var notes: [String]
        public var deviations: [DeviationPayload]
        public var error: String?
    }

    public var runID: String
    /// The head of the run's hash chain in the records (empty for a run read from an export
    /// written before the chain): printed so a handoff on paper can be checked with `verify`.
    public var headHash: String
    public var title: String
    public var runbookID: String
    public var path: String
    public var version: String?
    public var revisionHash: String
    /// Set when a resume moved the run onto another revision.
    public var finalRevisionHash: String?
    public var operatorName: String
    /// Every operator who worked on the run (a handoff adds one per resume elsewhere).
    public var operators: [String]
    public var host: String
    public var hosts: [String]
    public var mode: RunMode
    public var toolVersion: String
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// Start to the last event.
    public var durationSeconds: Double
    public var variableNames: [String]
    public var variableValues: [String: String]
    public var secretNames: [String]
    public var steps: [StepReport]
    public var notes: [String]
    public var deviations: [StepDeviation]
    public var lessons: [String]
    public var rollbackReason: String?
    public var rollbackSucceeded: Bool?
    public var finishReason: String?
    public var pauseReason: String?
    public var resumeCount: Int
    /// Steps not done yet, in checklist order, when the run is unfinished.
    public var leftToDo: [StepReport]
    public var eventCount: Int

    /// Reads `export`, placing its steps in the order of `runbook` (the parsed revision the run
    /// follows) when given, else in the order the run first touched them.
    /// - Parameter state: the fold of `export.events`, when the caller has it already.
    public init(_ export: RunExport, state: RunState? = nil, runbook: Runbook? = nil) {
        let state = state ?? export.state
        let run = export.run
        let started = state.started
        runID = run.id
        headHash = run.headHash
        runbookID = run.runbookID
        path = run.path
        let revision = export.startRevision
        title = started?.title ?? revision?.title ?? run.runbookID
        version = revision?.version
        revisionHash = run.revisionHash
        finalRevisionHash = state.revisionHash != run.revisionHash && !state.revisionHash.isEmpty ? state.revisionHash : nil
        operatorName = run.operatorName
        host = run.host
        mode = run.mode
        toolVersion = run.toolVersion
        status = state.lastSequence > 0 ? state.status : run.status
        startedAt = state.startedAt ?? run.startedAt
        finishedAt = state.finishedAt ?? run.finishedAt
        durationSeconds = max(0, (export.events.last?.time ?? startedAt).timeIntervalSince(startedAt))
        variableNames = run.variables.keys.sorted()
        variableValues = run.variables
        secretNames = run.secretNames
        lessons = state.lessons
        pauseReason = state.pauseReason
        resumeCount = state.resumeCount
        eventCount = export.events.count
        rollbackSucceeded = state.rollbackFinished?.succeeded

        var operators = [run.operatorName]
        var hosts = [run.host]
        var edits: [String: CommandEditedPayload] = [:]
        // What each step's last start said: one entry per step, not one dictionary per field
        // (a long log hashed every step id three times here).
        var lastStarts: [String: (command: String, kind: StepKind, title: String)] = [:]
        var errors: [String: String] = [:]
        var rollbackReason: String?
        var finishReason: String?
        for event in export.events {
            switch event.payload {
            case .resumed(let resumed):
                if !operators.contains(resumed.operatorName) { operators.append(resumed.operatorName) }
                if !hosts.contains(resumed.host) { hosts.append(resumed.host) }
            case .stepStarted(let payload):
                if let id = event.stepID { lastStarts[id] = (payload.command, payload.kind, payload.title) }
            case .commandEdited(let payload):
                if let id = event.stepID { edits[id] = payload }
            case .stepFinished(let payload):
                if let id = event.stepID, let error = payload.error { errors[id] = error }
            case .rollbackStarted(let payload):
                rollbackReason = payload.reason
            case .finished(let payload):
                finishReason = payload.reason
            default:
                break
            }
        }
        self.operators = operators
        self.hosts = hosts
        self.rollbackReason = rollbackReason
        self.finishReason = finishReason
        notes = state.notes.filter { $0.stepID == nil }.map(\.text)
        deviations = state.deviations

        // The checklist: the runbook's steps (rollback only those that ran or were planned),
        // then anything the log touched that the runbook no longer has.
        // What the checklist takes from each written step, not the whole `Step` (prose,
        // attributes, expected output): copying those for every step of a long runbook was a
        // visible part of an export.
        typealias Written = (title: String, phase: Phase, kind: StepKind, command: String)
        var order: [(id: String, step: Written?)] = []
        if let runbook {
            order.reserveCapacity(runbook.prerequisites.count + runbook.steps.count + runbook.validation.count + runbook.rollback.count)
            let planned = Set(state.rollbackPlan ?? [])
            for steps in [runbook.prerequisites, runbook.steps, runbook.validation] {
                for step in steps { order.append((step.id, (step.title, step.phase, step.kind, step.command))) }
            }
            for step in runbook.rollback where planned.contains(step.id) || state.steps[step.id] != nil {
                order.append((step.id, (step.title, step.phase, step.kind, step.command)))
            }
        }
        let known = Set(order.map(\.id))
        for id in state.order where !known.contains(id) { order.append((id, nil)) }

        let stepNotes = state.notes.contains { $0.stepID != nil }
        let stepDeviations = state.deviations.contains { $0.stepID != nil }
        steps = order.map { id, step in
            let folded = state.steps[id]
            let seen = lastStarts[id]
            var status: StepStatus = .notRun
            if let folded {
                if folded.skip != nil {
                    status = .skipped
                } else if let outcome = folded.outcome, !(state.stepInProgress == id) {
                    status = StepStatus(outcome)
                } else if folded.attempts > 0 {
                    status = .inProgress
                }
            }
            return StepReport(
                id: id, title: step?.title ?? seen?.title ?? id, phase: step?.phase ?? folded?.phase ?? .main,
                kind: step?.kind ?? seen?.kind, status: status, attempts: folded?.attempts ?? 0,
                durationSeconds: folded?.durationSeconds, exitCode: folded?.exitCode,
                writtenCommand: step?.command, executedCommand: seen?.command,
                edit: edits.isEmpty ? nil : edits[id], skip: folded?.skip, outputs: folded?.outputs ?? [],
                mismatch: folded?.match.flatMap { $0.matched ? nil : $0.diff },
                notes: stepNotes ? state.notes.filter { $0.stepID == id }.map(\.text) : [],
                deviations: stepDeviations ? state.deviations.filter { $0.stepID == id }.map(\.deviation) : [],
                error: errors.isEmpty ? nil : errors[id])
        }
        leftToDo = status.isUnfinished || status == .failed || status == .aborted
            ? steps.filter { $0.phase != .rollback && ($0.status != .succeeded && $0.status != .confirmed && $0.status != .skipped) }
            : []
    }

    /// True when the run ended well.
    public var isSuccess: Bool { status == .completed }

    /// The steps of one phase.
    public func steps(in phase: Phase) -> [StepReport] { steps.filter { $0.phase == phase } }

    /// `completed`, `failed`, `rolled back (rollback succeeded)`, …
    public var outcomeText: String {
        var text = status.rawValue.replacingOccurrences(of: "-", with: " ")
        if let rollbackSucceeded, status != .rolledBack {
            text += rollbackSucceeded ? " (rollback succeeded)" : " (rollback failed)"
        }
        return text
    }
}
