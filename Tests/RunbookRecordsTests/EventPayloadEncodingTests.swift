import Foundation
import RunbookDocument
import Testing
@testable import RunbookRecords

/// The hot payloads are written by `JSONWriter`; what lands in the database must stay exactly
/// what `JSONEncoder` with sorted keys wrote before, and read back to the same value.
@Suite struct EventPayloadEncodingTests {
    static let awkward = "quote \" backslash \\ slash / tab\t newline\n return\r bell\u{07} bs\u{08} ff\u{0C} us\u{1F} del\u{7F} é 雪 🚀 \u{2028}"

    static let payloads: [EventPayload] = [
        .stepStarted(StepStartedPayload(phase: .main, kind: .shell, title: "Snapshot " + awkward, command: "zfs snapshot \"$POOL\"@x\n" + awkward,
                                        attempt: 2, workingDirectory: "/srv/a b", isInteractive: false)),
        .stepStarted(StepStartedPayload(phase: .rollback, kind: .console, title: "", command: "", attempt: 1, workingDirectory: nil, isInteractive: true)),
        .output(OutputPayload(stream: .stdout, text: awkward, totalBytes: 123_456_789, droppedBytes: 0)),
        .output(OutputPayload(stream: .terminal, text: "", totalBytes: 0, droppedBytes: 0)),
        .stepFinished(StepFinishedPayload(phase: .validation, outcome: .succeeded, exitCode: 0, durationSeconds: 0.000012345)),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .failed, exitCode: 130, signal: 2, durationSeconds: 2.0,
                                          match: OutputMatch(matched: false, diff: "-a\n+b " + awkward),
                                          session: SessionSnapshot(workingDirectory: "/tmp", exported: ["x9": "1", "x10": awkward, "AB": "", "A_B": "z", "é": "e"],
                                                                   unset: ["OLD", "GONE"]),
                                          error: "could not start " + awkward)),
        .stepFinished(StepFinishedPayload(phase: .prerequisite, outcome: .notStarted, durationSeconds: 1e15,
                                          match: OutputMatch(matched: true), session: SessionSnapshot(workingDirectory: "/"))),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .succeeded, durationSeconds: -0.0)),
        .output(OutputPayload(stream: .stderr, text: "caf\\xe9\n", totalBytes: 5, droppedBytes: 0, base64: "Y2Fm6Qo=")),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .failed, exitCode: 1, durationSeconds: 0.5,
                                          match: OutputMatch(matched: false, diff: "$ x (line 3)\n-a\n+b\n"),
                                          error: "the command on line 5 exited 0; the transcript expects [1]",
                                          commands: [
                                              CommandVerdict(line: 3, exitCode: 0, expectedExitCode: 0, matched: false, diff: "-a\n+b " + awkward),
                                              CommandVerdict(line: 5, exitCode: 0, expectedExitCode: 1, matched: true),
                                              CommandVerdict(line: 7, exitCode: nil, expectedExitCode: 0, matched: nil),
                                          ])),
    ]

    @Test("stored bytes equal JSONEncoder's with sorted keys", arguments: payloads)
    func matchesJSONEncoder(_ payload: EventPayload) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected: Data
        switch payload {
        case .stepStarted(let body): expected = try encoder.encode(body)
        case .output(let body): expected = try encoder.encode(body)
        case .stepFinished(let body): expected = try encoder.encode(body)
        default: Issue.record("not a payload written by JSONWriter"); return
        }
        let actual = try payload.encodedBody()
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try EventPayload.decode(kind: payload.kind, body: actual) == payload)
        #expect(try EventPayload.decode(kind: payload.kind, bodies: [String(decoding: actual, as: UTF8.self)]) == [payload])
    }
}
