import Foundation
import RunbookDocument
import Testing

@testable import RunbookRecords

/// The fold's attempts and the counts read from it: each test is a count or a claim a screen
/// once got wrong.
@Suite struct RunStateAttemptTests {
    /// Builds a log event by event, numbering and timing them.
    struct Log {
        var events: [RunEvent] = []
        mutating func add(_ payload: EventPayload) { add(nil, payload) }
        mutating func add(_ stepID: String?, _ payload: EventPayload) {
            events.append(
                RunEvent(
                    runID: "run", sequence: events.count + 1,
                    time: Date(timeIntervalSince1970: 1_000 + Double(events.count)),
                    stepID: stepID, payload: payload))
        }
        mutating func start(operator name: String = "alice", host: String = "pve1") {
            add(
                .runStarted(
                    RunStartedPayload(
                        revisionHash: "abc", runbookID: "demo", path: "demo.md", title: "Demo", operatorName: name,
                        host: host, mode: .interactive,
                        toolVersion: "test", variables: [:], secretNames: [],
                        session: SessionSnapshot(workingDirectory: "/"))))
        }
        mutating func attempt(
            _ id: String, _ command: String, phase: Phase = .main, _ outcome: StepOutcome?, exit: Int? = nil,
            output: String? = nil
        ) {
            add(
                id,
                .stepStarted(
                    StepStartedPayload(
                        phase: phase, kind: .shell, title: id, command: command, attempt: 1, workingDirectory: "/",
                        isInteractive: false)))
            if let output {
                add(
                    id,
                    .output(
                        OutputPayload(stream: .stdout, text: output, totalBytes: output.utf8.count, droppedBytes: 0)))
            }
            if let outcome {
                add(
                    id,
                    .stepFinished(
                        StepFinishedPayload(phase: phase, outcome: outcome, exitCode: exit, durationSeconds: 0.5)))
            }
        }
        mutating func resume(operator name: String = "bob", host: String = "pve2") {
            add(
                .resumed(
                    ResumedPayload(
                        operatorName: name, host: host, mode: .interactive, toolVersion: "test", revisionHash: "abc",
                        previousRevisionHash: "abc", changedSteps: [])))
        }
        var state: RunState { RunState(folding: events) }
    }

    static func step(_ id: String, _ phase: Phase = .main) -> Step {
        Step(
            id: id, title: id, kind: .shell, phase: phase, command: "echo \(id)\n",
            location: SourceLocation(file: "demo.md", line: 1))
    }

    /// 2 prerequisites, 12 steps, 1 validation check.
    static let runbook = Runbook(
        path: "demo.md", id: "demo", title: "Demo",
        prerequisites: [step("pre1", .prerequisite), step("pre2", .prerequisite)],
        steps: (1...12).map { step("s\($0)") }, validation: [step("check", .validation)])

    @Test("an edit that failed, a pause, then the written command by someone else: two attempts, the step not edited")
    func editFailedThenWrittenRan() {
        var log = Log()
        log.start()
        log.add("s1", .commandEdited(CommandEditedPayload(original: "echo s1\n", executed: "echo new\nexit 7\n")))
        log.attempt("s1", "echo new\nexit 7\n", .failed, exit: 7, output: "new\n")
        log.add("s1", .paused(TextPayload(text: "handing over to day shift")))
        log.resume()
        log.attempt("s1", "echo s1\n", .succeeded, exit: 0, output: "s1\n")
        let state = log.state
        let step = try! #require(state.steps["s1"])
        #expect(step.attempts.count == 2)
        #expect(step.attempts[0].isEdited && step.attempts[0].writtenCommand == "echo s1\n")
        #expect(step.attempts[0].outcome == .failed && step.attempts[0].outputs.map(\.text) == ["new\n"])
        #expect(step.attempts[0].operatorName == "alice" && step.attempts[0].host == "pve1")
        #expect(!step.attempts[1].isEdited && step.attempts[1].writtenCommand == nil)
        #expect(step.attempts[1].operatorName == "bob" && step.attempts[1].host == "pve2")
        #expect(step.attempts[1].outputs.map(\.text) == ["s1\n"])
        #expect(step.editedCommand == nil)
        #expect(step.outcome == .succeeded)
        #expect(state.stops.count == 1)
        #expect(state.stops[0].reason == "handing over to day shift" && state.stops[0].stepID == "s1")
        #expect(state.stops[0].resumedBy == "bob" && state.stops[0].resumedOnHost == "pve2")
        #expect(state.operators == ["alice", "bob"] && state.hosts == ["pve1", "pve2"])
        #expect(RunProgress(state: state, runbook: RunStateAttemptTests.runbook).edited == 0)
    }

    @Test("a session left by a step on another host is that host's, never the local session")
    func hostSessionsKeptApart() {
        var log = Log()
        log.start()
        let local = SessionSnapshot(workingDirectory: "/srv", exported: ["HERE": "1"])
        let alpha = SessionSnapshot(workingDirectory: "/root/scratch", exported: ["CARRIED": "x"])
        let failedOnBeta = SessionSnapshot(workingDirectory: "/tmp", exported: ["NO": "1"])
        for (id, host, outcome, session) in [
            ("here", nil, StepOutcome.succeeded, local), ("a-set", "alpha", .succeeded, alpha),
            ("b-try", "beta", .failed, failedOnBeta),
        ] as [(String, String?, StepOutcome, SessionSnapshot)] {
            log.add(
                id,
                .stepStarted(
                    StepStartedPayload(
                        phase: .main, kind: .shell, title: id, command: "true", attempt: 1, workingDirectory: "/",
                        isInteractive: false, remoteHost: host)))
            log.add(
                id,
                .stepFinished(
                    StepFinishedPayload(phase: .main, outcome: outcome, durationSeconds: 0.1, session: session)))
        }
        let state = log.state
        #expect(state.session == local)
        #expect(state.hostSessions == ["alpha": alpha])
    }

    @Test("an attempt started and never ended is the runner's death once the run is resumed")
    func runnerDied() {
        var log = Log()
        log.start()
        log.attempt("s1", "echo s1\n", nil)
        #expect(log.state.steps["s1"]?.lastAttempt?.ending == .running)
        #expect(log.state.stepInProgress == "s1")
        log.resume()
        let state = log.state
        #expect(state.steps["s1"]?.lastAttempt?.ending == .runnerDied)
        #expect(state.stepInProgress == nil)
        #expect(!state.isDone("s1"))
        #expect(RunProgress(state: state, runbook: RunStateAttemptTests.runbook).interrupted == 1)
        var found = log.state
        found.markRunnerGone()
        #expect(found.steps["s1"]?.lastAttempt?.runnerDied == true)
    }

    @Test("a confirmation belongs to the attempt that follows it")
    func confirmationOnTheAttempt() {
        var log = Log()
        log.start()
        log.add("s1", .confirmed(ConfirmedPayload(method: .typed, requirement: "phrase")))
        log.attempt("s1", "echo s1\n", .failed, exit: 1)
        log.attempt("s1", "echo s1\n", .succeeded, exit: 0)
        let attempts = log.state.steps["s1"]?.attempts ?? []
        #expect(attempts.map(\.confirmation?.method) == [.typed, nil])
    }

    @Test("steps done at step 8 of 12 counts the 7 main steps done, not prerequisites or validation")
    func resumeCountsMainStepsOnly() {
        var log = Log()
        log.start()
        log.attempt("pre1", "true", phase: .prerequisite, .succeeded, exit: 0)
        log.attempt("pre2", "true", phase: .prerequisite, .succeeded, exit: 0)
        for index in 1...7 { log.attempt("s\(index)", "echo s\(index)\n", .succeeded, exit: 0) }
        log.add("s8", .skipped(SkippedPayload(phase: .main, why: .beforeStart, reason: "before --from")))
        log.add(.paused(TextPayload(text: "lunch")))
        let state = log.state
        #expect(state.completionOrder.count == 10) // what the resume line used to say
        let progress = RunProgress(state: state, runbook: RunStateAttemptTests.runbook)
        #expect(progress.done == 7 && progress.total == 12)
    }

    @Test("no step ran: 0 steps done, whatever was skipped before the start or excluded")
    func nothingRanNothingDone() {
        var log = Log()
        log.start()
        for index in 1...6 {
            log.add(
                "s\(index)",
                .skipped(SkippedPayload(phase: .main, why: index < 4 ? .beforeStart : .excluded, reason: "not run")))
        }
        log.add(.paused(TextPayload(text: "stopped")))
        #expect(RunProgress(state: log.state, runbook: RunStateAttemptTests.runbook).done == 0)
    }

    @Test("validation that never ran is not '0 of 1 passed'")
    func validationNotRun() {
        var log = Log()
        log.start()
        log.attempt("s1", "echo s1\n", .succeeded, exit: 0)
        var progress = RunProgress(state: log.state, runbook: RunStateAttemptTests.runbook)
        #expect(progress.checks == 1 && progress.checksRun == 0 && progress.checksPassed == 0)
        log.attempt("check", "echo check\n", phase: .validation, .failed, exit: 1)
        progress = RunProgress(state: log.state, runbook: RunStateAttemptTests.runbook)
        #expect(progress.checksRun == 1 && progress.checksPassed == 0)
    }

    @Test("done counts the runbook's steps by their last attempt; an interrupted step is not a failed one")
    func doneAndInterruptedCounts() {
        var log = Log()
        log.start()
        for index in 1...5 { log.attempt("s\(index)", "echo s\(index)\n", .succeeded, exit: 0) }
        // A step the file no longer has (renamed after a resume on a changed revision).
        log.attempt("old-name", "echo old\n", .succeeded, exit: 0)
        log.attempt("s6", "echo s6\n", .interrupted)
        log.attempt("s7", "echo s7\n", .failed, exit: 2)
        let progress = RunProgress(state: log.state, runbook: RunStateAttemptTests.runbook)
        #expect(progress.done == 5)
        #expect(progress.interrupted == 1)
        #expect(progress.failed == 1)
    }

    @Test("an output mismatch's deviation reads as a sentence, not the diff's first line")
    func mismatchHeadline() {
        let deviation = DeviationPayload(
            kind: .outputMismatch, detail: "--- expected\n+++ actual\n@@ -1 +1 @@\n-a\n+b\n")
        #expect(deviation.headline == "the output differed from the expected output")
        #expect(DeviationPayload(kind: .skipped, detail: "skipped: not today").headline == "skipped: not today")
    }
}

/// Hosts of a `parallel=N` step run at once: their starts, outputs and ends interleave in the
/// log, and each output and end must land on its own host's attempt.
@Suite struct ParallelAttemptFoldTests {
    static func started(_ host: String?) -> EventPayload {
        .stepStarted(
            StepStartedPayload(
                phase: .main, kind: .shell, title: "everywhere", command: "hostname", attempt: 1,
                workingDirectory: "~", isInteractive: false, remoteHost: host))
    }

    static func output(_ host: String?, _ text: String) -> EventPayload {
        .output(
            OutputPayload(stream: .stdout, text: text, totalBytes: text.utf8.count, droppedBytes: 0, remoteHost: host))
    }

    static func finished(_ host: String?, _ outcome: StepOutcome) -> EventPayload {
        .stepFinished(StepFinishedPayload(phase: .main, outcome: outcome, durationSeconds: 1, remoteHost: host))
    }

    @Test func interleavedEndsFindTheirHostsAttempts() {
        var log = RunStateAttemptTests.Log()
        log.start()
        log.add("s", Self.started("a"))
        log.add("s", Self.started("b"))
        log.add("s", Self.started(nil))
        log.add("s", Self.output("b", "from b\n"))
        log.add("s", Self.finished("b", .failed))
        log.add("s", Self.output(nil, "from here\n"))
        log.add("s", Self.finished(nil, .succeeded))
        let midway = log.state
        #expect(midway.stepInProgress == "s", "a is still running")
        log.add("s", Self.output("a", "from a\n"))
        log.add("s", Self.finished("a", .succeeded))
        let step = log.state.steps["s"]!
        #expect(step.attempts.count == 3)
        #expect(step.attempts.map(\.remoteHost) == ["a", "b", nil])
        #expect(step.attempts.map { $0.outputs.first?.text } == ["from a\n", "from b\n", "from here\n"])
        #expect(step.attempts.map(\.outcome) == [.succeeded, .failed, .succeeded])
        #expect(step.hostsDone == ["a", HostInventory.localName])
        #expect(step.outcome == .failed, "b's latest attempt failed, so the step has not succeeded")
        #expect(log.state.stepInProgress == nil)
    }

    @Test func aRunnerThatDiedLeavesEveryRunningHostAbandoned() {
        var log = RunStateAttemptTests.Log()
        log.start()
        log.add("s", Self.started("a"))
        log.add("s", Self.started("b"))
        log.add("s", Self.finished("b", .succeeded))
        log.resume()
        let state = log.state
        let step = state.steps["s"]!
        #expect(step.attempts[0].runnerDied)
        #expect(step.attempts[1].succeeded)
        #expect(state.abandonedAttempt?.stepID == "s", "a's attempt has no end: nobody knows how it went")
        #expect(state.abandonedAttempt?.attempt == 1)
    }
}
