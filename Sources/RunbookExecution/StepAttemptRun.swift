import RunbookDocument
import RunbookRecords

/// One attempt at a step between its recorded start and its recorded end: how it runs (the
/// process spec, or the session and the arguments it hands the session) and what it printed,
/// redacted and capped, as it ran.
///
/// `StepExecutor.begin` makes it and `StepExecutor.complete` records its end, on the engine's
/// thread; `perform` may run on another thread (a host of a `parallel=N` step), which is the
/// only one touching it until `perform` returns and the fan-out hands it back.
final class StepAttemptRun: @unchecked Sendable {
    let planned: PlannedStep
    let attempt: Int
    let spec: ProcessSpec
    /// The commands of a `console` transcript run one by one; empty otherwise.
    let transcript: [TranscriptCommand]
    /// Where an attempt runs.
    enum Place {
        /// A process of its own.
        case spawned
        /// A session that runs here (the run's bash).
        case session(any StepSession)
        /// A step the run's bash forked already and let go at the time given.
        case started(SessionStep, at: Double)
        /// A host's session, connected (when it is not yet) by `perform`.
        case host(String, RemoteSessions)
    }

    private let place: Place
    private let sessionArguments: [String]
    private let sessionName: String
    private let padding: Int
    private let marker: String
    private let redactor: Redactor
    private let hasExpectedOutput: Bool

    private(set) var captures: [OutputStreamKind: OutputCapture] = [:]
    /// Both streams in the order read, only where a diff may need them.
    private(set) var combined: OutputCapture
    private(set) var pieces: TranscriptCapture
    private var redactors: [OutputStreamKind: StreamRedactor] = [:]
    private var filters: [OutputStreamKind: TranscriptMarkerFilter] = [:]
    private let headLimit: Int
    private let tailLimit: Int

    /// How the process ended, once `perform` returned and it started.
    private(set) var outcome: ProcessOutcome?
    /// Why it could not start, redacted, once `perform` returned and it did not.
    private(set) var startError: String?

    init(
        planned: PlannedStep, attempt: Int, spec: ProcessSpec, transcript: [TranscriptCommand], marker: String,
        place: Place, sessionArguments: [String], sessionName: String, padding: Int,
        redactor: Redactor, headLimit: Int, tailLimit: Int
    ) {
        self.planned = planned
        self.attempt = attempt
        self.spec = spec
        self.transcript = transcript
        self.marker = marker
        self.place = place
        self.sessionArguments = sessionArguments
        self.sessionName = sessionName
        self.padding = padding
        self.redactor = redactor
        self.headLimit = headLimit
        self.tailLimit = tailLimit
        hasExpectedOutput = planned.step.expectedOutput != nil
        combined = OutputCapture(headLimit: headLimit, tailLimit: tailLimit)
        pieces = TranscriptCapture(count: transcript.count, headLimit: headLimit, tailLimit: tailLimit)
    }

    /// Runs the attempt to its end with `runner`; `live` gets its output as it comes, redacted.
    func perform(with runner: ProcessRunner, live: (OutputStreamKind, UnsafeRawBufferPointer) -> Void) {
        func deliver(_ stream: OutputStreamKind, _ bytes: UnsafeRawBufferPointer) {
            captures[stream, default: OutputCapture(headLimit: headLimit, tailLimit: tailLimit)].append(bytes)
            if transcript.isEmpty, hasExpectedOutput { combined.append(bytes) }
            if !transcript.isEmpty { pieces.append(stream, bytes) }
            live(stream, bytes)
        }
        func redact(_ stream: OutputStreamKind, _ bytes: UnsafeRawBufferPointer) {
            if redactor.isEmpty { return deliver(stream, bytes) }
            redactors[stream, default: redactor.makeStream()].process(bytes) { deliver(stream, $0) }
        }
        let onOutput = { (stream: OutputStreamKind, bytes: UnsafeRawBufferPointer) in
            guard !self.transcript.isEmpty else { return redact(stream, bytes) }
            self.filters[stream, default: TranscriptMarkerFilter(token: Array(self.marker.utf8))].process(bytes) {
                piece in
                switch piece {
                case .output(let slice):
                    slice.withUnsafeBytes { redact(stream, $0) }
                case .marker(let index, let status):
                    // A secret never spans two commands: what the redactor held back is this command's.
                    self.redactors[stream]?.finish { deliver(stream, $0) }
                    self.pieces.marker(stream, index: index, status: status)
                }
            }
        }
        do {
            let session: any StepSession
            switch place {
            case .spawned:
                outcome = try runner.run(spec, onOutput: onOutput)
                return finishOutput(redact: redact, deliver: deliver)
            case .session(let running):
                session = running
            case .started(let step, let time):
                outcome = runner.run(spec, started: step, at: time, onOutput: onOutput)
                return finishOutput(redact: redact, deliver: deliver)
            case .host(let host, let remotes):
                session = try remotes.session(on: host)
            }
            outcome = try runner.run(
                spec, in: session, console: !transcript.isEmpty, name: sessionName, padding: padding,
                arguments: sessionArguments, onOutput: onOutput)
        } catch {
            startError = redactor.redact("\(error)")
            return
        }
        finishOutput(redact: redact, deliver: deliver)
    }

    /// Passes on what the transcript filters and the redactors still hold.
    private func finishOutput(
        redact: (OutputStreamKind, UnsafeRawBufferPointer) -> Void,
        deliver: (OutputStreamKind, UnsafeRawBufferPointer) -> Void
    ) {
        for stream in Array(filters.keys) {
            filters[stream]!.finish { piece in
                if case .output(let slice) = piece { slice.withUnsafeBytes { redact(stream, $0) } }
            }
        }
        for stream in Array(redactors.keys) { redactors[stream]!.finish { deliver(stream, $0) } }
    }
}
