import Foundation
import RunbookBytes
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
    /// Counts the captures that changed the session, the only way it changes once it started;
    /// the run's bash was last brought up to date at `sessionUpdatedAt`.
    private var absorbedCaptures = 0
    private var sessionUpdatedAt: Int?
    /// The session wrapper for `shell`, the same for every step.
    private let wrapper: String
    /// The session wrapper for `console` transcripts, run command by command.
    private let consoleWrapper: String
    /// With bash, steps run in one long-lived shell that also carries functions, aliases and
    /// options; other shells get a fresh process per step and carry exports and directory.
    private let isBash: Bool
    /// The run's bash, started with the first step that runs in it.
    private var shellSession: ShellSession?
    /// Where steps with `host=` run: the runbook's hosts and how to reach them.
    let remotes: RemoteSessions
    /// Runners for the hosts of a `parallel=N` step, each fed signals through its relay, kept
    /// for the next such step (a runner keeps its buffer and its orphan reaper).
    private var spareRunners: [(ProcessRunner, InterruptRelay)] = []

    init(
        shell: String, semantics: Semantics, options: EngineOptions, redactor: Redactor, secretNames: Set<String>,
        observer: (any RunObserver)?, stateFile: String, remotes: RemoteSessions
    ) {
        self.remotes = remotes
        runner = ProcessRunner(monitor: options.signalMonitor)
        self.shell = shell
        self.options = options
        self.redactor = redactor
        self.secretNames = secretNames
        self.observer = observer
        self.stateFile = stateFile
        isBash = shell.split(separator: "/").last == "bash"
        wrapper =
            isBash ? StepScript.bashWrapper(semantics: semantics) : StepScript.wrapper(for: shell, semantics: semantics)
        consoleWrapper = isBash ? StepScript.bashConsoleWrapper : StepScript.consoleWrapper(for: shell)
    }

    /// Where an attempt stands after `begin`: ended already (it could not start), or ready to run.
    enum Beginning {
        case ended(StepResult)
        case ready(StepAttemptRun)
    }

    /// Runs one attempt here, its output going live to the observer (`label` before each of its
    /// lines when it is one host of a fan-out), and records it.
    func execute(
        _ planned: PlannedStep, attempt: Int, session: inout SessionState, recorder: RunRecorder, label: String? = nil
    ) throws(EngineError) -> StepResult {
        switch try begin(planned, attempt: attempt, session: session, recorder: recorder, startNow: true) {
        case .ended(let result):
            return result
        case .ready(let run):
            let observer = self.observer
            let stepID = planned.step.id
            let label = label ?? planned.host
            run.perform(with: runner) { stream, bytes in
                observer?.output(bytes, stream: stream, stepID: stepID, host: label)
            }
            return try complete(run, session: &session, recorder: recorder)
        }
    }

    /// Records the attempt's start and readies it: its process spec, and the session it runs in
    /// (started, or connected to its host, now). An attempt that cannot start is recorded as
    /// `not-started` here. With `startNow` (the caller performs it at once), a step in the run's
    /// bash is forked while its start is recorded, and let go once the start is on disk.
    func begin(
        _ planned: PlannedStep, attempt: Int, session: SessionState, recorder: RunRecorder, startNow: Bool = false
    ) throws(EngineError) -> Beginning {
        let step = planned.step
        // A secret can be in a path (`cwd=$TOKEN`, a directory a step `cd`s into) and so in an
        // error naming it: both are redacted before they are stored or shown.
        let started = NewEvent(
            stepID: step.id,
            .stepStarted(
                StepStartedPayload(
                    phase: step.phase, kind: step.kind, title: step.title, command: planned.displayCommand,
                    attempt: attempt,
                    workingDirectory: redactor.redact(planned.workingDirectory), isInteractive: step.isInteractive,
                    remoteHost: planned.host)))
        // A remote step's directory is the other host's business: its wrapper says when it is missing.
        guard planned.host != nil || PathExpansion.isDirectory(planned.workingDirectory) else {
            let message = redactor.redact(
                EngineError.workingDirectoryMissing(path: planned.workingDirectory, location: step.location).description
            )
            try recorder.record([started, notStarted(planned, message)])
            return .ended(
                StepResult(
                    stepID: step.id, phase: step.phase, attempt: attempt, outcome: .notStarted, durationSeconds: 0,
                    error: message))
        }
        let remoteHost = planned.host
        if remoteHost == nil { _ = truncate(stateFile, 0) }

        // A transcript's commands run one by one, each with its verdict; an edited command is
        // no longer the transcript, so it runs as written.
        let transcript =
            step.kind == .console && !step.isInteractive && planned.command == step.command
            ? step.transcript ?? [] : []
        let marker = transcript.isEmpty ? "" : "\u{1E}runbook-" + StepExecutor.nonce() + ":"
        // A remote step always runs in its host's bash session (no terminal crosses ssh).
        let inSession = remoteHost != nil || (isBash && !step.isInteractive)
        // A step on a terminal is spawned on its own; with bash it reads the carried
        // definitions from the (private) state file, which its end then overwrites.
        let stepWrapper =
            remoteHost != nil
            ? remotes.wrapper : isBash && !inSession ? StepScript.spawnedBashWrapper(wrapper) : wrapper
        if isBash && !inSession && !session.definitions.isEmpty { StateFile.write(session.definitions, to: stateFile) }
        let consoleWrapper = remoteHost != nil ? remotes.consoleWrapper : self.consoleWrapper
        let arguments =
            transcript.isEmpty
            ? StepScript.arguments(
                shell: shell, wrapper: stepWrapper, command: planned.command, stateFile: stateFile,
                workingDirectory: planned.workingDirectory,
                firstLine: inSession ? 1 : StepExecutor.firstLine(of: planned), scriptName: step.location.file)
            : StepScript.consoleArguments(
                shell: shell, wrapper: consoleWrapper, commands: transcript.map { ($0.command, $0.expectedExitStatus) },
                stateFile: stateFile, workingDirectory: planned.workingDirectory, marker: marker)
        let spec = ProcessSpec(
            executable: shell, arguments: arguments,
            environment: session.environment, timeout: step.timeout, killGrace: options.killGrace,
            terminal: step.isInteractive ? options.terminal : nil)
        // The argv after the wrapper: the same arguments a spawned step gets, but the text not
        // padded: the session pads it itself (padding crosses the socket as a number).
        let sessionArguments = Array(arguments.dropFirst(4))
        let sessionName = transcript.isEmpty ? step.location.file : "runbook-step"
        let padding = transcript.isEmpty ? StepExecutor.firstLine(of: planned) - 1 : 0
        func notStartedResult(_ message: String) -> Beginning {
            .ended(
                StepResult(
                    stepID: step.id, phase: step.phase, attempt: attempt, outcome: .notStarted, durationSeconds: 0,
                    error: message))
        }

        var place = StepAttemptRun.Place.spawned
        if let remoteHost {
            place = .host(remoteHost, remotes)
        } else if inSession {
            let shellSession: ShellSession
            do {
                shellSession = try self.session(for: session)
            } catch {
                let message = redactor.redact("\(error)")
                try recorder.record([started, notStarted(planned, message)])
                return notStartedResult(message)
            }
            place = .session(shellSession)
            if startNow {
                // The session forked the step's child already; it waits for its request, which
                // goes only once the start is on disk, so nothing of the step runs before.
                var recordedStart = false
                do {
                    let request = try shellSession.prepare(
                        console: !transcript.isEmpty, name: sessionName, padding: padding,
                        arguments: sessionArguments, pipeSize: runner.bufferSize)
                    do {
                        try recorder.record(started)
                        recordedStart = true
                    } catch {
                        shellSession.discard(request)
                        throw error
                    }
                    let child = try shellSession.launch(request)
                    place = .started(child, at: Clock.now())
                } catch let error as EngineError {
                    throw error
                } catch {
                    let message = redactor.redact("\(error)")
                    try recorder.record(
                        recordedStart ? [notStarted(planned, message)] : [started, notStarted(planned, message)])
                    return notStartedResult(message)
                }
                return ready(place)
            }
        }
        // Durable before visible: the start is on disk before the process exists.
        try recorder.record(started)
        return ready(place)

        func ready(_ place: StepAttemptRun.Place) -> Beginning {
            .ready(
                StepAttemptRun(
                    planned: planned, attempt: attempt, spec: spec, transcript: transcript, marker: marker,
                    place: place, sessionArguments: sessionArguments, sessionName: sessionName, padding: padding,
                    redactor: redactor, headLimit: options.outputHeadBytes, tailLimit: options.outputTailBytes))
        }
    }

    /// The `step-finished` of an attempt that could not start.
    private func notStarted(_ planned: PlannedStep, _ message: String) -> NewEvent {
        NewEvent(
            stepID: planned.step.id,
            .stepFinished(
                StepFinishedPayload(
                    phase: planned.step.phase, outcome: .notStarted, durationSeconds: 0, error: message,
                    remoteHost: planned.host)))
    }

    /// Judges an attempt `perform` ran, carries its session on, and records its end.
    func complete(_ run: StepAttemptRun, session: inout SessionState, recorder: RunRecorder) throws(EngineError)
        -> StepResult
    {
        let planned = run.planned, step = planned.step, attempt = run.attempt
        let remoteHost = planned.host
        guard let outcome = run.outcome else {
            let message = run.startError ?? "the step did not start"
            try recorder.record(notStarted(planned, message))
            return StepResult(
                stepID: step.id, phase: step.phase, attempt: attempt, outcome: .notStarted, durationSeconds: 0,
                error: message)
        }
        if !outcome.isRemote, !ProcessGroup.isLeaderAlone(outcome.pid) { lingeringGroups.append(outcome.pid) }

        var result =
            run.transcript.isEmpty
            ? finish(planned, attempt: attempt, outcome: outcome, captures: run.captures, combined: run.combined)
            : finishTranscript(
                planned, run.transcript, attempt: attempt, outcome: outcome, captures: run.captures,
                pieces: run.pieces)
        if let remoteHost, outcome.isRemote, outcome.exitCode == nil, outcome.signal == nil, !outcome.timedOut,
            outcome.interruptSignal == nil
        {
            // The session ended under the step without a status: ssh's connection is gone.
            result.error = redactor.redact(remotes.connectionLost(on: remoteHost))
        }
        var events: [NewEvent] = result.outputs.map { output in
            var output = output
            output.remoteHost = remoteHost
            return NewEvent(stepID: step.id, .output(output))
        }
        var snapshot: SessionSnapshot?
        if let remoteHost {
            // The remote session's state is its own; the run's (local) session is untouched.
            // Recorded against the attempt's host, so a resume starts that host where it was.
            if result.outcome == .succeeded {
                snapshot = remotes.absorbState(on: remoteHost, redactor: redactor, secretNames: secretNames)
            }
        } else {
            if result.outcome == .succeeded, let capture = StateFile.read(stateFile) {
                // Most steps export nothing and stay put: the same capture as last time needs no
                // parsing and changes nothing.
                if capture != lastCapture {
                    let before = session.snapshot(redactor: redactor, secretNames: secretNames)
                    if session.absorb(capture) {
                        lastCapture = capture
                        absorbedCaptures += 1
                    }
                    let after = session.snapshot(redactor: redactor, secretNames: secretNames)
                    if after != before { snapshot = after }
                }
            }
            // The capture may hold secrets in clear: do not leave it on disk between steps.
            _ = truncate(stateFile, 0)
        }
        events.append(
            NewEvent(
                stepID: step.id,
                .stepFinished(
                    StepFinishedPayload(
                        phase: step.phase, outcome: result.outcome, exitCode: result.exitCode, signal: result.signal,
                        durationSeconds: result.durationSeconds, match: result.match, session: snapshot,
                        error: result.error,
                        commands: result.commands, processGroup: outcome.isRemote ? Int(outcome.pid) : nil,
                        remoteHost: remoteHost))))
        if let match = result.match, !match.matched {
            events.append(
                NewEvent(
                    stepID: step.id,
                    .deviation(
                        DeviationPayload(
                            kind: .outputMismatch, detail: match.diff ?? "the output differs from the expected output"))
                ))
        }
        try recorder.record(events)
        return result
    }

    /// The runbook line the command's first line is on, when its lines are the file's: a
    /// shell block run as written (prompts removed keep the lines). A console transcript's
    /// commands, a front-matter command and an operator's edit have no such lines.
    static func firstLine(of planned: PlannedStep) -> Int {
        guard planned.step.kind == .shell, planned.command == planned.step.command, let block = planned.step.block
        else { return 1 }
        return block.firstCodeLine
    }

    private func finish(
        _ planned: PlannedStep, attempt: Int, outcome: ProcessOutcome, captures: [OutputStreamKind: OutputCapture],
        combined: OutputCapture
    ) -> StepResult {
        let step = planned.step
        var status = StepExecutor.status(of: outcome)
        var match: OutputMatch?
        var error: String?
        if let expected = step.expectedOutput, status == .succeeded || status == .failed {
            let printed: PrintedOutput
            if let terminal = captures[.terminal] {
                // A terminal ends lines with CR LF.
                printed = PrintedOutput(stdout: StepExecutor.droppingCarriageReturns(terminal.keptBytes))
            } else {
                printed = PrintedOutput(
                    stdout: captures[.stdout]?.keptBytes ?? [], stderr: captures[.stderr]?.keptBytes ?? [],
                    combined: combined.keptBytes)
            }
            match = OutputMatcher(expected: expected, variables: planned.variables).match(printed, stdoutAlone: true)
            if match?.matched == false, status == .succeeded, planned.expectation == .strict {
                status = .failed
                error =
                    step.phase == .validation
                    ? "the check's output does not match what it expects"
                    : "the output does not match the expected output (expect=strict)"
            }
        }
        var result = StepResult(
            stepID: step.id, phase: step.phase, attempt: attempt, outcome: status,
            exitCode: outcome.exitCode.map(Int.init), signal: outcome.signal.map(Int.init),
            durationSeconds: outcome.durationSeconds, match: match, outputs: StepExecutor.outputs(captures),
            error: error)
        result.interruptSignal = outcome.interruptSignal
        return result
    }

    /// The verdict of a transcript: each command's status and output against its own, the
    /// block stopping at the first command whose status is not the one written.
    private func finishTranscript(
        _ planned: PlannedStep, _ transcript: [TranscriptCommand], attempt: Int, outcome: ProcessOutcome,
        captures: [OutputStreamKind: OutputCapture], pieces: TranscriptCapture
    ) -> StepResult {
        let step = planned.step
        var status = StepExecutor.status(of: outcome)
        let ended = status == .succeeded || status == .failed
        var verdicts: [CommandVerdict] = []
        var problem: String?
        var diffs: [String] = []
        var stopped = false
        for (index, command) in transcript.enumerated() {
            let piece = pieces.commands[index]
            var exit = piece.status
            var ran = exit != nil
            if stopped {
                ran = false
                exit = nil
            } else if exit == nil {
                // No marker: the shell ended during this command (`set -e`, `exit`, a signal).
                ran = true
                exit = ended ? outcome.exitCode.map(Int.init) : nil
                stopped = true
            }
            guard ran else {
                verdicts.append(
                    CommandVerdict(
                        line: command.line, exitCode: nil, expectedExitCode: command.expectedExitStatus, matched: nil))
                if ended { problem = problem ?? "the command on line \(command.line) did not run" }
                continue
            }
            let match = OutputMatcher(lines: command.expectedOutput, variables: planned.variables).match(piece.printed)
            if !match.matched, let diff = match.diff {
                diffs.append("$ \(StepExecutor.firstLine(command.command)) (line \(command.line))\n" + diff)
            }
            verdicts.append(
                CommandVerdict(
                    line: command.line, exitCode: exit, expectedExitCode: command.expectedExitStatus,
                    matched: match.matched, diff: match.diff))
            if exit != command.expectedExitStatus {
                stopped = true
                if ended {
                    let written =
                        command.expectedExitStatus == 0 ? "0 (no [N] line)" : "[\(command.expectedExitStatus)]"
                    problem =
                        problem
                        ?? "the command on line \(command.line) exited \(exit.map(String.init) ?? "without a status"); the transcript expects \(written)"
                }
            }
        }
        let allMatched = verdicts.allSatisfy { $0.matched != false }
        let match = OutputMatch(matched: allMatched, diff: allMatched ? nil : diffs.joined())
        var error: String?
        if ended {
            if let problem {
                status = .failed
                error = problem
            } else if !allMatched, planned.expectation == .strict {
                status = .failed
                let first = verdicts.first { $0.matched == false }.map { " on line \($0.line)" } ?? ""
                error =
                    step.phase == .validation
                    ? "the output of the command\(first) does not match the transcript"
                    : "the output of the command\(first) does not match the transcript (expect=strict)"
            } else {
                status = .succeeded
            }
        }
        var result = StepResult(
            stepID: step.id, phase: step.phase, attempt: attempt, outcome: status,
            exitCode: outcome.exitCode.map(Int.init), signal: outcome.signal.map(Int.init),
            durationSeconds: outcome.durationSeconds, match: ended ? match : nil,
            outputs: StepExecutor.outputs(captures), error: error)
        result.commands = verdicts
        result.interruptSignal = outcome.interruptSignal
        return result
    }

    private static func status(of outcome: ProcessOutcome) -> StepOutcome {
        if outcome.interruptSignal != nil { return .interrupted }
        if outcome.timedOut { return .timedOut }
        return outcome.exitCode == 0 ? .succeeded : .failed
    }

    private static func outputs(_ captures: [OutputStreamKind: OutputCapture]) -> [OutputPayload] {
        [OutputStreamKind.stdout, .stderr, .terminal].compactMap { stream in
            captures[stream].flatMap { $0.totalBytes > 0 ? $0.payload(stream) : nil }
        }
    }

    private static func droppingCarriageReturns(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated()
        where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            result.append(byte)
        }
        return result
    }

    private static func firstLine(_ text: String) -> Substring {
        text.prefix { $0 != "\n" }
    }

    /// A random marker part, so no output can pass for the wrapper's markers.
    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt32, radix: 36) }.joined()
    }

    /// The run's bash, started (again, when a step ended it) with the session's environment,
    /// and brought up to date with what the steps so far carried.
    private func session(for state: SessionState) throws(ProcessStartError) -> ShellSession {
        if shellSession?.isAlive != true {
            shellSession = nil
            sessionUpdatedAt = nil
            shellSession = try ShellSession(
                shell: shell, wrapper: wrapper, consoleWrapper: consoleWrapper,
                directory: PathText.directory(of: stateFile), environment: state.environment)
        }
        let shellSession = shellSession!
        // Most steps change nothing: comparing or diffing the whole environment for each would
        // cost more than anything else runbook does between two steps.
        if sessionUpdatedAt != absorbedCaptures {
            shellSession.update(environment: state.environment, definitions: state.definitions)
            sessionUpdatedAt = absorbedCaptures
        }
        return shellSession
    }

    /// A runner for one host of a `parallel=N` step, and the relay that passes it signals.
    func takeSpareRunner() -> (ProcessRunner, InterruptRelay) {
        if let spare = spareRunners.popLast() { return spare }
        let relay = InterruptRelay()
        return (ProcessRunner(interrupts: relay), relay)
    }

    /// Takes back a runner whose host's attempt ended, with no signal left pending for the next.
    func returnSpareRunner(_ runner: ProcessRunner, _ relay: InterruptRelay) {
        _ = relay.takePendingSignal()
        spareRunners.append((runner, relay))
    }

    /// Hangs up the groups steps left running in the background, as closing a terminal does
    /// (`nohup` jobs survive, as they would there).
    func hangUpLingeringGroups() {
        for group in lingeringGroups { ProcessGroup.signal(group, SIGHUP) }
        lingeringGroups.removeAll()
    }
}
