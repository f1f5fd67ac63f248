import Foundation
import GRDB
import RunbookDocument
import Testing

@testable import RunbookRecords

/// The byte-level reading paths (FlatPayloadReader, SortedIDs, the history query) against the
/// plain ones they replace.
@Suite struct FastReadingTests {
    /// Every flat payload kind, with the escapes JSONEncoder writes.
    static let payloads: [EventPayload] = [
        .stepStarted(
            StepStartedPayload(
                phase: .main, kind: .shell, title: "Tab\tand \"quotes\" \\ é ✓ 😀",
                command: "printf '%s\\n' x\r\ny\u{1}",
                attempt: 3, workingDirectory: "/a/long/working/directory/path", isInteractive: true)),
        .stepStarted(
            StepStartedPayload(
                phase: .rollback, kind: .manual, title: "", command: "", attempt: 1, workingDirectory: nil,
                isInteractive: false)),
        .output(
            OutputPayload(
                stream: .terminal, text: "line 1\nline 2\r\n\u{7f}\u{0}end", totalBytes: 123_456_789, droppedBytes: 42)),
        .stepFinished(
            StepFinishedPayload(
                phase: .validation, outcome: .timedOut, exitCode: -1, signal: 15,
                durationSeconds: 0.0025593490008759545,
                error: "could not\nstart")),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .succeeded, durationSeconds: 3)),
        .stepFinished(StepFinishedPayload(phase: .main, outcome: .succeeded, durationSeconds: 1e-7)),
        .skipped(SkippedPayload(phase: .prerequisite, why: .beforeStart, reason: "before --from")),
        .commandEdited(CommandEditedPayload(original: "rm -rf /tmp/x", executed: "rm -rf /tmp/y")),
        .confirmed(ConfirmedPayload(method: .typed, requirement: "phrase")),
        .note(TextPayload(text: "a note / with a slash")),
        .lesson(TextPayload(text: "a lesson")),
        .paused(TextPayload(text: "lunch")),
        .deviation(DeviationPayload(kind: .outputMismatch, detail: "--- expected\n+++ actual")),
        .rollbackFinished(RollbackFinishedPayload(succeeded: false)),
        .interrupted(InterruptedPayload(signal: 2, reason: "Ctrl-C")),
        .interrupted(InterruptedPayload(signal: nil, reason: "killed")),
        .finished(FinishedPayload(status: .rolledBack, reason: "upload failed")),
        .finished(FinishedPayload(status: .completed)),
    ]

    @Test("flat payloads as the engine stores them read back without the decoder, equal to the decoder's")
    func flatPayloads() throws {
        for payload in FastReadingTests.payloads {
            let body = String(decoding: try payload.encodedBody(), as: UTF8.self)
            let decoded = try EventPayload.decode(kind: payload.kind, body: Data(body.utf8))
            #expect(decoded == payload)
            #expect(EventPayload.decodeFlat(kind: payload.kind, body: body) == decoded, "\(body)")
        }
    }

    @Test("strings read eight bytes at a time stop at a quote, escape or control character at any offset")
    func everyOffset() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", " ", "é", "😀", "\u{7f}"] {
            for offset in 0..<20 {
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 19 - offset)
                let payload = EventPayload.output(
                    OutputPayload(stream: .stdout, text: text, totalBytes: 20, droppedBytes: 0))
                let body = String(decoding: try payload.encodedBody(), as: UTF8.self)
                #expect(EventPayload.decodeFlat(kind: .output, body: body) == payload, "\(body)")
            }
        }
        // A raw control character inside a string is not JSON: left to the decoder.
        #expect(EventPayload.decodeFlat(kind: .note, body: "{\"text\":\"abcdefgh\u{1}ijklmnop\"}") == nil)
    }

    @Test("bodies the reader does not take are left to the decoder")
    func declines() throws {
        let declined = [
            (EventKind.output, #"{"droppedBytes":0,"future":1,"stream":"stderr","text":"","totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":"","totalBytes":0,"text":"again"}"#),
            (.output, #"{"droppedBytes":1.5,"stream":"stderr","text":"","totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":null,"totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":"\ud800","totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":"\q","totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"nowhere","text":"","totalBytes":0}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":""}"#),
            (.output, #"{"droppedBytes":0,"stream":"stderr","text":"","totalBytes":0} x"#),
            (.stepFinished, #"{"durationSeconds":1,"match":{"matched":true},"outcome":"succeeded","phase":"main"}"#),
            (
                .stepStarted,
                #"{"attempt":1,"command":"x","isInteractive":"false","kind":"shell","phase":"main","title":"T"}"#
            ),
            (.runStarted, #"{}"#),
        ]
        for (kind, body) in declined {
            #expect(EventPayload.decodeFlat(kind: kind, body: body) == nil, "\(body)")
        }
        // Escapes the encoder does not write still read as the decoder reads them.
        let escaped = #"{"droppedBytes":0,"stream":"stdout","text":"\u00e9\ud83d\ude00\/\b\f","totalBytes":1}"#
        #expect(
            EventPayload.decodeFlat(kind: .output, body: escaped)
                == (try EventPayload.decode(kind: .output, body: Data(escaped.utf8))))
        let spaced = " { \"text\" : \"x\" } "
        #expect(EventPayload.decodeFlat(kind: .note, body: spaced) == .note(TextPayload(text: "x")))
    }

    /// `table`'s case for each of `texts` and the general path's (`init(rawValue:)`) agree.
    private func expectTableAgrees<Value: PayloadEnumeration & Equatable>(
        _ table: RawValueTable<Value>, _ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for text in texts + Value.allCases.map(\.rawValue) {
            let bytes = Array(text.utf8)
            let found = bytes.withUnsafeBufferPointer { table.value($0) }
            // The table finds only exact raw values; anything it misses goes to init(rawValue:).
            if let found { #expect(found.rawValue == text, sourceLocation: sourceLocation) }
            let read = bytes.withUnsafeBufferPointer { bytes in
                var reader = FlatValueReader()
                reader.body = bytes
                return reader.enumeration(0..<bytes.count, in: table)
            }
            #expect(read == Value(rawValue: text), "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("enumeration fields read from their bytes equal init(rawValue:) on tricky text")
    func enumerations() throws {
        let tricky = [
            "", "main ", " main", "mai", "mainx", "MAIN", "m\u{0}in", "mäin", "ma\u{0301}in", "\u{212A}", "stdout\n",
            "timed-out", "timed_out", "operator", "operatorChoice", "rolled-back", "😀",
        ]
        expectTableAgrees(Phase.rawValueTable, tricky)
        expectTableAgrees(StepKind.rawValueTable, tricky)
        expectTableAgrees(StepOutcome.rawValueTable, tricky)
        expectTableAgrees(OutputStreamKind.rawValueTable, tricky)
        expectTableAgrees(SkipReasonKind.rawValueTable, tricky)
        expectTableAgrees(ConfirmationMethod.rawValueTable, tricky)
        expectTableAgrees(DeviationKind.rawValueTable, tricky)
        expectTableAgrees(RunStatus.rawValueTable, tricky)
        expectTableAgrees(RunMode.rawValueTable, tricky)
        // In a payload: escaped, unknown and non-ASCII values read as the decoder reads them.
        for phase in [#"main"#, #"m\u0061in"#, #"\u006dain"#, #"mäin"#, #""#, #"rollback"#, #"ROLLBACK"#] {
            let body = #"{"phase":""# + phase + #"","reason":"r","why":"operator"}"#
            let decoded = try? EventPayload.decode(kind: .skipped, body: Data(body.utf8))
            let flat = EventPayload.decodeFlat(kind: .skipped, body: body)
            #expect(flat == decoded, "\(body)")
        }
    }

    @Test("unique prefixes from the packed ids equal the ones from strings")
    func prefixes() {
        var ids = (0..<300).map { _ in
            RunID.make(at: Date(timeIntervalSince1970: 1_795_770_000 + Double.random(in: 0..<3)))
        }
        ids += ["01abcdefgh00", "01abcdefgh01", "01abcdefgh0", "01zz", "é-run", ""]
        let sorted = ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var packed = SortedIDs()
        for var id in sorted { id.withUTF8 { packed.append($0) } }
        let expected = RunID.uniquePrefixLengths(sortedIDs: sorted)
        let lengths = packed.prefixLengths(minimum: 8)
        var previous: Int?
        for (index, var id) in sorted.enumerated().reversed() {
            #expect(lengths[index] == expected[id])
            let found = id.withUTF8 { packed.index(of: $0, near: previous) }
            #expect(found == index)
            previous = found
            #expect(id.withUTF8 { packed.index(of: $0) } == index)
        }
        #expect("01abcdefgh0x".utf8.withContiguousStorageIfAvailable { packed.index(of: $0) } == .some(nil))
    }
}

@Suite struct HistoryOrderTests {
    @Test("history lists all runs and the newest ones in the same order: start time, then id, newest first")
    func order() throws {
        let directory = NSTemporaryDirectory() + "records-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try RecordStore(path: directory + "/records.sqlite")
        try store.store(
            RunbookRevision(
                hash: EventChain.sha256Hex("# Demo\n"), runbookID: "demo", path: "demo.md", title: "Demo", version: "1",
                text: "# Demo\n"))
        try store.store(
            RunbookRevision(
                hash: EventChain.sha256Hex("# Other\n"), runbookID: "demo", path: "demo.md", title: "Other",
                version: nil, text: "# Other\n"))
        let base = Date(timeIntervalSince1970: 1_795_770_000)
        // Ties on start time, inserted out of id order.
        let starts: [(String, Double)] = [("01b", 5), ("01a", 5), ("01d", 1), ("01c", 5), ("01e", 9), ("01f", 1)]
        for (id, offset) in starts {
            let run = RunRecord(
                id: id,
                revisionHash: offset == 9 ? EventChain.sha256Hex("# Other\n") : EventChain.sha256Hex("# Demo\n"),
                runbookID: "demo", path: "demo.md", operatorName: "op",
                host: "h", mode: .auto, variables: [:], secretNames: [], startedAt: base + offset, toolVersion: "test")
            _ = try store.begin(
                run,
                started: RunStartedPayload(
                    revisionHash: EventChain.sha256Hex("# Demo\n"), runbookID: "demo", path: "demo.md", title: "Demo",
                    operatorName: "op", host: "h", mode: .auto,
                    toolVersion: "test", variables: [:], secretNames: [],
                    session: SessionSnapshot(workingDirectory: "/")))
        }
        try store.append(
            [
                NewEvent(.deviation(DeviationPayload(kind: .skipped, detail: "x"))),
                NewEvent(.deviation(DeviationPayload(kind: .edited, detail: "y"))),
            ],
            to: "01c", after: 1)
        let all = try store.history()
        #expect(all.map(\.id) == ["01e", "01c", "01b", "01a", "01f", "01d"])
        #expect(try store.history(limit: 4).map(\.id) == ["01e", "01c", "01b", "01a"])
        #expect(all.map(\.deviationCount) == [0, 2, 0, 0, 0, 0])
        #expect(all[0].title == "Other" && all[0].version == nil && all[1].title == "Demo" && all[1].version == "1")
        #expect(try store.uniquePrefixLengths(of: ["01c", "nope"], minimum: 2) == [3, nil])
    }
}
