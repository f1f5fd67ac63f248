import Foundation
import RunbookDocument
import RunbookRecords

/// Runs one attempt at an executable step: records its start, runs it in the session, streams
/// and captures its output (redacted, head+tail capped), compares the expected output, carries
/// the session on, and records the end, all before returning.
final class StepExecutor {
    private let runner: ProcessRunner
    private let shell: String
    private let options: EngineOptions
    private let redactor: Redactor
    private let secretNames: Set<String>
    private let observer: (any RunObserver)?
    private let stateFile: String
    /// Groups whose leader exited while something in them lived on (a `cmd &`): closing the
    /// run hangs them up, as closing a terminal would.
    private(set) var lingeringGroups: [Int32] = []
    /// The last state capture absorbed into the session.
    private var lastCapture: [UInt8] = []
    /// The session wrapper for `shell`, the same for every step.
    private let wrapper: String

    init(shell: String, options: EngineOptions, redactor: Redactor, secretNames: Set<String>, observer: (any RunObserver)?, stateFile: String) {
        runner = ProcessRunner(monitor: options.signalMonitor)
        self.shell = shell
        self.options = options
        self.redactor = redactor
        self.secretNames = secretNames
        self.observer = observer
        self.stateFile = stateFile
        wrapper = StepScript.wrapper(for: shell)
    }

    func execute(_ planned: PlannedStep, attempt: Int, session: inout SessionState, recorder: RunRecorder) throws(EngineError) -> StepResult {
        let step = planned.step
        // A secret can be in a path (`cwd=$TOKEN`, a directory a step `cd`s into) and so in an
        // error naming it: both are redacted before they are stored or shown.
        let started = NewEvent(stepID: step.id, .stepStarted(StepStartedPayload(
            phase: step.phase, kind: step.kind, title: step.title, command: planned.displayCommand, attempt: attempt,
            workingDirectory: redactor.redact(planned.workingDirectory), isInteractive: step.isInteractive)))
        guard PathExpansion.isDirectory(planned.workingDirectory) else {
            let message = redactor.redact(EngineError.workingDirectoryMissing(path: planned.workingDirectory, location: step.location).description)
            let result = StepResult(stepID: step.id, phase: step.phase, attempt: attempt, outcome: .notStarted, durationSeconds: 0, error: message)
            try recorder.record([started, NewEvent(stepID: step.id, .stepFinished(StepFinishedPayload(
                phase: step.phase, outcome: .notStarted, durationSeconds: 0, error: message)))])
            return result
        }
        // Durable before visible: the start is on disk before the process exists.
        try recorder.record(started)
        _ = truncate(stateFile, 0)

        let spec = ProcessSpec(
            executable: shell,
            arguments: StepScript.arguments(shell: shell, wrapper: wrapper, command: planned.command, stateFile: stateFile,
                                            workingDirectory: planned.workingDirectory),
            environment: session.environment, timeout: step.timeout, killGrace: options.killGrace,
            terminal: step.isInteractive ? options.terminal : nil)
        var captures: [OutputStreamKind: OutputCapture] = [:]
        var redactors: [OutputStreamKind: StreamRedactor] = [:]
        let observer = self.observer
        let head = options.outputHeadBytes, tail = options.outputTailBytes
        let redactor = self.redactor
        let stepID = step.id
        func deliver(_ stream: OutputStreamKind, _ bytes: UnsafeRawBufferPointer) {
            captures[stream, default: OutputCapture(headLimit: head, tailLimit: tail)].append(bytes)
            observer?.output(bytes, stream: stream, stepID: stepID)
        }

        let outcome: ProcessOutcome
        do {
            outcome = try runner.run(spec) { stream, bytes in
                if redactor.isEmpty { return deliver(stream, bytes) }
                redactors[stream, default: redactor.makeStream()].process(bytes) { deliver(stream, $0) }
            }
        } catch {
            let message = redactor.redact(error.description)
            let result = StepResult(stepID: step.id, phase: step.phase, attempt: attempt, outcome: .notStarted, durationSeconds: 0, error: message)
            try recorder.record(NewEvent(stepID: step.id, .stepFinished(StepFinishedPayload(
                phase: step.phase, outcome: .notStarted, durationSeconds: 0, error: message))))
            return result
        }
        for stream in Array(redactors.keys) { redactors[stream]!.finish { deliver(stream, $0) } }
        if !ProcessGroup.isLeaderAlone(outcome.pid) { lingeringGroups.append(outcome.pid) }

        let result = finish(planned, attempt: attempt, outcome: outcome, captures: captures)
        var events: [NewEvent] = result.outputs.map { NewEvent(stepID: step.id, .output($0)) }
        var snapshot: SessionSnapshot?
        if result.outcome == .succeeded, let capture = StateFile.read(stateFile) {
            // Most steps export nothing and stay put: the same capture as last time needs no
            // parsing and changes nothing.
            if capture != lastCapture {
                let before = session.snapshot(redactor: redactor, secretNames: secretNames)
                if session.absorb(capture) { lastCapture = capture }
                let after = session.snapshot(redactor: redactor, secretNames: secretNames)
                if after != before { snapshot = after }
            }
        }
        // The capture may hold secrets in clear: do not leave it on disk between steps.
        _ = truncate(stateFile, 0)
        events.append(NewEvent(stepID: step.id, .stepFinished(StepFinishedPayload(
            phase: step.phase, outcome: result.outcome, exitCode: result.exitCode, signal: result.signal,
            durationSeconds: result.durationSeconds, match: result.match, session: snapshot))))
        if let match = result.match, !match.matched {
            events.append(NewEvent(stepID: step.id, .deviation(DeviationPayload(
                kind: .outputMismatch, detail: match.diff ?? "the output differs from the expected output"))))
        }
        try recorder.record(events)
        return result
    }

    private func finish(_ planned: PlannedStep, attempt: Int, outcome: ProcessOutcome, captures: [OutputStreamKind: OutputCapture]) -> StepResult {
        let step = planned.step
        let status: StepOutcome
        if outcome.interruptSignal != nil {
            status = .interrupted
        } else if outcome.timedOut {
            status = .timedOut
        } else if outcome.exitCode == 0 {
            status = .succeeded
        } else {
            status = .failed
        }
        let outputs = [OutputStreamKind.stdout, .stderr, .terminal].compactMap { stream in
            captures[stream].flatMap { $0.totalBytes > 0 ? $0.payload(stream) : nil }
        }
        var match: OutputMatch?
        if let expected = step.expectedOutput, status == .succeeded || status == .failed {
            let matcher = OutputMatcher(expected: expected)
            let primary = captures[.terminal] ?? captures[.stdout]
            match = matcher.match(primary?.text ?? "")
            // Doc-test transcripts show both streams as the terminal did; accept that reading too.
            if match?.matched == false, let errors = captures[.stderr], errors.totalBytes > 0 {
                let combined = matcher.match((primary?.text ?? "") + errors.text)
                if combined.matched { match = combined }
            }
        }
        var result = StepResult(
            stepID: step.id, phase: step.phase, attempt: attempt, outcome: status,
            exitCode: outcome.exitCode.map(Int.init), signal: outcome.signal.map(Int.init),
            durationSeconds: outcome.durationSeconds, match: match, outputs: outputs)
        result.interruptSignal = outcome.interruptSignal
        return result
    }

    /// Hangs up the groups steps left running in the background, as closing a terminal does
    /// (`nohup` jobs survive, as they would there).
    func hangUpLingeringGroups() {
        for group in lingeringGroups { ProcessGroup.signal(group, SIGHUP) }
        lingeringGroups.removeAll()
    }
}
