import Foundation
import RunbookBytes
import RunbookDocument
import Testing

@testable import RunbookRecords

/// Payloads are written by `JSONWriter` from their schema; what lands in the database must stay
/// exactly what `JSONEncoder` with sorted keys wrote before, and read back to the same value.
@Suite struct EventPayloadEncodingTests {
    static let awkward =
        "quote \" backslash \\ slash / tab\t newline\n return\r bell\u{07} bs\u{08} ff\u{0C} us\u{1F} del\u{7F} é 雪 🚀 \u{2028}"

    static let payloads: [EventPayload] = [
        .stepStarted(
            StepStartedPayload(
                phase: .main, kind: .shell, title: "Snapshot " + awkward,
                command: "zfs snapshot \"$POOL\"@x\n" + awkward,
                attempt: 2, workingDirectory: "/srv/a b", isInteractive: false)),
        .stepStarted(
            StepStartedPayload(
                phase: .rollback, kind: .console, title: "", command: "", attempt: 1, workingDirectory: nil,
                isInteractive: true)),
        .output(OutputPayload(stream: .stdout, text: awkward, totalBytes: 123_456_789, droppedBytes: 0)),
        .output(OutputPayload(stream: .terminal, text: "", totalBytes: 0, droppedBytes: 0)),
        .stepFinished(
            StepFinishedPayload(phase: .validation, outcome: .succeeded, exitCode: 0, durationSeconds: 0.000012345)),
        .stepFinished(
            StepFinishedPayload(
                phase: .main, outcome: .failed, exitCode: 130, signal: 2, durationSeconds: 2.0,
                match: OutputMatch(matched: false, diff: "-a\n+b " + awkward),
                session: SessionSnapshot(
                    workingDirectory: "/tmp", exported: ["x9": "1", "x10": awkward, "AB": "", "A_B": "z", "é": "e"],
                    unset: ["OLD", "GONE"]),
                error: "could not start " + awkward)),
        .stepFinished(
            StepFinishedPayload(
                phase: .prerequisite, outcome: .notStarted, durationSeconds: 1e15,
                match: OutputMatch(matched: true), session: SessionSnapshot(workingDirectory: "/"))),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .succeeded, durationSeconds: -0.0)),
        .output(OutputPayload(stream: .stderr, text: "caf\\xe9\n", totalBytes: 5, droppedBytes: 0, base64: "Y2Fm6Qo=")),
        .stepFinished(
            StepFinishedPayload(
                phase: .main, outcome: .failed, exitCode: 1, durationSeconds: 0.5,
                match: OutputMatch(matched: false, diff: "$ x (line 3)\n-a\n+b\n"),
                error: "the command on line 5 exited 0; the transcript expects [1]",
                commands: [
                    CommandVerdict(
                        line: 3, exitCode: 0, expectedExitCode: 0, matched: false, diff: "-a\n+b " + awkward),
                    CommandVerdict(line: 5, exitCode: 0, expectedExitCode: 1, matched: true),
                    CommandVerdict(line: 7, exitCode: nil, expectedExitCode: 0, matched: nil),
                ])),
        // Every other kind is written from its schema too.
        .runStarted(
            RunStartedPayload(
                revisionHash: "abc", runbookID: "id", path: "/srv/a b.md", title: awkward, operatorName: "alice",
                host: "pve1", mode: .interactive,
                toolVersion: "1.0", variables: ["x9": "1", "x10": awkward, "AB": "", "é": "e"],
                secretNames: ["TOKEN", "B"], startStep: "s2",
                preconfirmed: true, session: SessionSnapshot(workingDirectory: "/", exported: ["A": awkward]))),
        .skipped(SkippedPayload(phase: .validation, why: .excluded, reason: awkward)),
        .commandEdited(CommandEditedPayload(original: awkward, executed: "x")),
        .confirmed(ConfirmedPayload(method: .preconfirmed, requirement: "destructive")),
        .note(TextPayload(text: awkward)),
        .deviation(DeviationPayload(kind: .variablesChanged, detail: awkward)),
        .lesson(TextPayload(text: "two\nlines")),
        .rollbackStarted(RollbackStartedPayload(reason: awkward, steps: ["b", "a"])),
        .rollbackFinished(RollbackFinishedPayload(succeeded: true)),
        .paused(TextPayload(text: "")),
        .interrupted(InterruptedPayload(signal: 15, reason: awkward)),
        .resumed(
            ResumedPayload(
                operatorName: "bob", host: "pve2", mode: .auto, toolVersion: "1.1", revisionHash: "def",
                previousRevisionHash: "abc",
                changedSteps: ["s1"], preconfirmed: false, allowDestructive: true)),
        .finished(FinishedPayload(status: .aborted, reason: awkward)),
        .notified(
            NotifiedPayload(
                trigger: "failed", target: "slack webhook https://hooks.example.org", delivered: false, attempts: 3,
                detail: awkward, durationSeconds: 4.5, about: 12)),
        .notified(
            NotifiedPayload(
                trigger: "completed", target: "command logger done", delivered: true, attempts: 1, detail: "exit 0",
                durationSeconds: 0.01)),
    ]

    @Test("stored bytes equal JSONEncoder's with sorted keys", arguments: payloads)
    func matchesJSONEncoder(_ payload: EventPayload) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(payload.body)
        let actual = try payload.encodedBody()
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try EventPayload.decode(kind: payload.kind, body: actual) == payload)
        #expect(
            try EventPayload.decodeWithDecoder(
                kind: payload.kind, bodies: [String(decoding: actual, as: UTF8.self)], decoder: JSONDecoder()) == [
                    payload
                ])
    }
}
