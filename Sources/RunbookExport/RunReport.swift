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
        /// Its last attempt started and never ended: the runner died during it.
        case runnerDied = "interrupted (runner died)"
        case notRun = "not run"

        /// A glyph for the checklist.
        public var mark: String {
            switch self {
            case .succeeded: "✅"
            case .confirmed: "☑️"
            case .failed, .notStarted: "❌"
            case .timedOut: "⏱️"
            case .interrupted, .inProgress, .runnerDied: "⏸️"
            case .skipped: "⏭️"
            case .notRun: "⬜"
            }
        }

        /// Where a folded step stands: by its skip, else by how its last attempt ended.
        init(_ step: RunState.StepState) {
            if step.skip != nil { self = .skipped; return }
            guard let last = step.lastAttempt else { self = .notRun; return }
            switch last.ending {
            case .finished(let finish): self.init(finish.outcome)
            case .runnerDied: self = .runnerDied
            case .running: self = .inProgress
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
        public var wasTouched: Bool { !attempts.isEmpty || skip != nil || !notes.isEmpty }

        public var id: String
        public var title: String
        public var phase: Phase
        public var kind: StepKind?
        public var status: StepStatus
        /// Every attempt, in the order they started.
        public var attempts: [StepAttempt]
        /// The command as the runbook wrote it, when known.
        public var writtenCommand: String?
        public var skip: SkippedPayload?
        public var notes: [String]
        public var deviations: [DeviationPayload]

        public var attemptCount: Int { attempts.count }
        public var lastAttempt: StepAttempt? { attempts.last }
        public var durationSeconds: Double? { lastAttempt?.finish?.durationSeconds }
        public var exitCode: Int? { lastAttempt?.finish?.exitCode }
        /// The command the last attempt ran, redacted.
        public var executedCommand: String? { lastAttempt?.command }
        /// Why the last attempt could not start, when it could not.
        public var error: String? { lastAttempt?.finish?.error }
        /// The diff against the expected output when the last attempt's did not match.
        public var mismatch: String? { lastAttempt?.finish?.match.flatMap { $0.matched ? nil : $0.diff } }

        /// The text `attempt` came from: the runbook's, else what the record says was written.
        public func written(for attempt: StepAttempt) -> String? { writtenCommand ?? attempt.writtenCommand }

        /// True when `attempt` ran a command other than the written one.
        public func isEdited(_ attempt: StepAttempt) -> Bool {
            guard let written = written(for: attempt), kind != .manual, !attempt.command.isEmpty else {
                return attempt.isEdited
            }
            return !StepReport.sameLines(written, attempt.command)
        }

        /// Whether `a` and `b` have the same lines (`LineDiff.lines` equal: a final line feed
        /// does not count), compared as bytes: splitting every step's command into lines was
        /// most of a long run's JSON export.
        static func sameLines(_ a: String, _ b: String) -> Bool {
            var a = a, b = b
            return a.withUTF8 { a in
                b.withUTF8 { b in
                    let aCount = a.last == 0x0A ? a.count - 1 : a.count, bCount = b.last == 0x0A ? b.count - 1 : b.count
                    guard aCount == bCount else { return false }
                    return aCount == 0 || memcmp(a.baseAddress!, b.baseAddress!, aCount) == 0
                }
            }
        }

        /// True when the last attempt ran a command other than the written one: earlier edited
        /// attempts do not make a step edited when the written text is what ran in the end.
        public var isEdited: Bool {
            // Bound rather than mapped through the partially applied method, which allocates a
            // closure holding a copy of the step: this runs for every step of every summary.
            guard let last = attempts.last else { return false }
            return isEdited(last)
        }
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
    /// The stored text of the revision the run started on is redacted and came from an import:
    /// nothing here could check it against `revisionHash`, and exports say so.
    public var isRevisionUnverified: Bool
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

    /// The steps the summary lists as skipped: skipped on the way, not those before the
    /// `--from` step (the JSON export's `skips` keeps those too).
    public var skippedSteps: [StepReport] { steps.filter { $0.skip != nil && $0.skip?.why != .beforeStart } }

    /// The steps the summary lists as edited: an edited command ran in at least one attempt.
    public var editedSteps: [StepReport] { steps.filter { step in step.attempts.contains { step.isEdited($0) } } }

    /// Notes about the run as a whole.
    public var notes: [String]
    /// Every note, the run's and the steps', in the order they were written.
    public var allNotes: [StepNote]
    public var deviations: [StepDeviation]
    public var lessons: [String]
    /// How each `notify:` delivery went, in the order recorded.
    public var notifications: [NotifiedPayload]
    public var rollbackReason: String?
    public var rollbackSucceeded: Bool?
    public var finishReason: String?
    public var pauseReason: String?
    /// Every pause and interruption, with who resumed each.
    public var stops: [RunState.Stop]
    public var resumeCount: Int
    /// `--yes` was given when the run started or resumed: manual steps and confirmations were
    /// answered in advance, by nobody at the time.
    public var preconfirmed: Bool
    /// `--allow-destructive` was given when the run started or resumed.
    public var allowDestructive: Bool
    /// Steps not done yet, in checklist order, when the run is unfinished.
    public var leftToDo: [StepReport]
    public var eventCount: Int
    /// Who to call about the runbook: the `contacts:` of the revision the run followed.
    public var contacts: [Contact]

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
        isRevisionUnverified = revision?.isVerified == false
        finalRevisionHash =
            state.revisionHash != run.revisionHash && !state.revisionHash.isEmpty ? state.revisionHash : nil
        operatorName = run.operatorName
        host = run.host
        mode = run.mode
        toolVersion = run.toolVersion
        status = state.lastSequence > 0 ? state.status : run.status
        startedAt = state.startedAt ?? run.startedAt
        finishedAt = state.finishedAt ?? run.finishedAt
        durationSeconds = max(0, (state.lastEventAt ?? startedAt).timeIntervalSince(startedAt))
        preconfirmed = (started?.preconfirmed ?? false) || state.resumes.contains(where: \.preconfirmed)
        allowDestructive = (started?.allowDestructive ?? false) || state.resumes.contains(where: \.allowDestructive)
        variableNames = run.variables.keys.sorted()
        variableValues = run.variables
        secretNames = run.secretNames
        lessons = state.lessons
        notifications = state.notifications
        pauseReason = state.pauseReason
        resumeCount = state.resumeCount
        eventCount = export.events.count
        contacts = runbook?.contacts ?? []
        rollbackSucceeded = state.rollbackFinished?.succeeded

        operators = state.operators.isEmpty ? [run.operatorName] : state.operators
        hosts = state.hosts.isEmpty ? [run.host] : state.hosts
        rollbackReason = state.rollbackReason
        finishReason = state.finishReason
        stops = state.stops
        notes = state.notes.filter { $0.stepID == nil }.map(\.text)
        allNotes = state.notes
        deviations = state.deviations

        // The checklist: the runbook's steps (rollback only those that ran or were planned),
        // then anything the log touched that the runbook no longer has.
        // What the checklist takes from each written step, not the whole `Step` (prose,
        // attributes, expected output): copying those for every step of a long runbook was a
        // visible part of an export.
        typealias Written = (title: String, phase: Phase, kind: StepKind, command: String)
        var order: [(id: String, step: Written?)] = []
        if let runbook {
            order.reserveCapacity(
                runbook.prerequisites.count + runbook.steps.count + runbook.validation.count + runbook.rollback.count)
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
            return StepReport(
                id: id, title: step?.title ?? folded?.title ?? id, phase: step?.phase ?? folded?.phase ?? .main,
                kind: step?.kind ?? folded?.kind, status: folded.map { StepStatus($0) } ?? .notRun,
                attempts: folded?.attempts ?? [], writtenCommand: step?.command, skip: folded?.skip,
                notes: stepNotes ? state.notes.filter { $0.stepID == id }.map(\.text) : [],
                deviations: stepDeviations ? state.deviations.filter { $0.stepID == id }.map(\.deviation) : [])
        }
        leftToDo =
            status.isUnfinished || status == .failed || status == .aborted
            ? steps.filter {
                $0.phase != .rollback && ($0.status != .succeeded && $0.status != .confirmed && $0.status != .skipped)
            }
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

extension RunReport {
    /// What the Markdown and HTML exports add to the revision's hash when its stored text is an
    /// import's redacted copy.
    static let unverifiedRevisionNote =
        "; the stored text is redacted and came from an import, so nothing could check it against this hash"
}
