import Foundation
import RunbookDocument
import RunbookExecution
import RunbookParsing
import Testing

@testable import RunbookExport
@testable import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

@Suite("History, lessons, stats and amend over recorded runs")
struct QueryTests {
    @Test("history lists runs newest first with title, version and deviation counts; prefixes are unique")
    func history() throws {
        let sandbox = try FixtureSandbox()
        let first = try sandbox.recordFixtureRun()
        let second = try sandbox.recordPausedRun()
        let result = try HistoryQuery().run(sandbox.store)
        #expect(result.runs.map(\.id) == [second, first])
        #expect(result.runs[1].title == "Fixture backup" && result.runs[1].version == "2")
        #expect(result.runs[1].deviationCount == 3)
        #expect(result.runs[0].status == .paused && result.runs[0].durationSeconds == nil)
        let short = result.runs.indices.map(result.shortID(at:))
        #expect(Set(short).count == 2 && short.allSatisfy { $0.count >= 8 })
        #expect(try sandbox.store.run(matching: short[1]).id == first)
        let table = HistoryQuery.table(result)
        #expect(table.hasPrefix("ID"))
        #expect(table.contains("rolled-back") && table.contains("Fixture backup"))
        let json = try JSONSerialization.jsonObject(with: Data(HistoryQuery.json(result))) as? [[String: Any]]
        #expect(json?.count == 2 && json?[1]["deviations"] as? Int == 3)
        #expect(try HistoryQuery(runbookID: "other").run(sandbox.store).runs.isEmpty)
    }

    @Test("unique prefixes grow where ids share a start")
    func prefixes() {
        let lengths = RunID.uniquePrefixLengths(
            sortedIDs: ["01abcdefgh00", "01abcdefgh01", "01zz0000000000"], minimum: 4)
        #expect(lengths["01abcdefgh00"] == 12 && lengths["01abcdefgh01"] == 12 && lengths["01zz0000000000"] == 4)
    }

    @Test("lessons and notes are grouped by step, newest first")
    func lessons() throws {
        let sandbox = try FixtureSandbox()
        _ = try sandbox.recordFixtureRun()
        let groups = try LessonsQuery.run(sandbox.store, runbookID: "fixture-backup")
        #expect(groups.map(\.stepID) == [nil, "upload", "check-pool"])
        #expect(groups[0].entries.map(\.kind) == [.lesson, .lesson])
        #expect(groups[0].entries.first?.text == "Warm cache step is redundant after nightly jobs")
        let text = LessonsQuery.text(groups, prefixLengths: [:])
        #expect(text.contains("upload:\n") && text.contains("token rotated?"))
    }

    @Test("lessons of two runbooks with the same step id are grouped by runbook, then step, never merged")
    func lessonsByRunbook() {
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        let annotations = [
            RecordedAnnotation(
                runID: "01b", runbookID: "beta", time: time, stepID: "workdir", kind: .note, text: "beta's note"),
            RecordedAnnotation(
                runID: "01a", runbookID: "alpha", time: time - 1, stepID: "workdir", kind: .note, text: "alpha's note"),
            RecordedAnnotation(
                runID: "01c", runbookID: "beta", time: time - 2, stepID: nil, kind: .lesson, text: "beta's lesson"),
        ]
        let groups = LessonsQuery.group(annotations)
        #expect(groups.map(\.runbookID) == ["beta", "beta", "alpha"])
        #expect(groups.map(\.stepID) == ["workdir", nil, "workdir"])
        let text = LessonsQuery.text(groups, prefixLengths: [:], width: 40)
        #expect(text.hasPrefix("beta\n  workdir:\n"), "\(text)")
        #expect(text.contains("alpha\n  workdir:\n"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 40 })
    }

    @Test("stats: success rate, durations, skips and the most frequent deviations")
    func stats() throws {
        let sandbox = try FixtureSandbox()
        _ = try sandbox.recordFixtureRun()
        _ = try sandbox.recordFixtureRun()
        let stats = try RunStats.run(sandbox.store, runbookID: "fixture-backup")
        #expect(stats.runCount == 2)
        let upload = try #require(stats.steps.first { $0.stepID == "upload" })
        #expect(upload.attempts == 2 && upload.successes == 0 && upload.successRate == 0)
        let check = try #require(stats.steps.first { $0.stepID == "check-pool" })
        #expect(check.successRate == 1 && check.medianSeconds != nil && check.p90Seconds != nil)
        #expect(stats.steps.first { $0.stepID == "warm-cache" }?.skips == 2)
        #expect(stats.topDeviations.first?.count == 2)
        #expect(stats.text().contains("Most frequent deviations"))
        #expect(RunStats.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(RunStats.percentile([1, 2, 3], 0.5) == 2)
    }

    @Test("amend proposes the edited command, a skip note and the lessons, and knows a changed file")
    func amend() throws {
        let sandbox = try FixtureSandbox()
        let report = sandbox.report(try sandbox.export(try sandbox.recordFixtureRun()))
        let book = sandbox.runbook
        let plan = AmendPlanner().plan(
            report, text: FixtureSandbox.runbookText, runbook: book, followedHash: book.contentHash)
        #expect(plan.matchesRevision)
        #expect(
            plan.changes == [
                "check-pool: its note as a comment above the step",
                "warm-cache: a note that it was skipped, above the step",
                "snapshot: the command the operator ran (and that succeeded) replaces the written one",
                "upload: its note as a comment above the step",
                "lessons learned: 2 added",
                "version: 2 → 3",
            ])
        #expect(plan.proposedText.contains("\nversion: 3\n"))
        #expect(
            plan.proposedText.contains(
                "<!-- note from run \(report.runID.prefix(10)) (\(ExportTime.iso(report.startedAt).prefix(10))): upload endpoint returned 403; token rotated? -->\n```bash {id=upload}"
            ))
        #expect(plan.proposedText.contains("echo \"snapshot $POOL@manual\"\nseq 1 100\n```"))
        #expect(!plan.proposedText.contains("@nightly"))
        #expect(plan.proposedText.contains("> Skipped in run "))
        #expect(
            plan.proposedText.hasSuffix(
                "## Lessons learned\n\n- Check the upload token's expiry before starting (run \(report.runID.prefix(10)), \(ExportTime.iso(report.startedAt).prefix(10)))\n- Warm cache step is redundant after nightly jobs (run \(report.runID.prefix(10)), \(ExportTime.iso(report.startedAt).prefix(10)))\n"
            ))
        // The proposal is still a runbook with the same steps.
        let reparsed = RunbookParser().parse(text: plan.proposedText, path: sandbox.path)
        #expect(reparsed.allSteps.map(\.id) == book.allSteps.map(\.id))
        #expect(reparsed.step(named: "snapshot")?.command == "echo \"snapshot $POOL@manual\"\nseq 1 100\n")
        let diff = LineDiff.unified(FixtureSandbox.runbookText, plan.proposedText, oldName: "a/x.md", newName: "b/x.md")
        #expect(diff.contains("-echo \"snapshot $POOL@nightly\"\n+echo \"snapshot $POOL@manual\"\n"))
        // A file that moved on: said so.
        let changed = FixtureSandbox.runbookText.replacingOccurrences(of: "echo warming", with: "echo warming up")
        let other = AmendPlanner().plan(
            report, text: changed, runbook: RunbookParser().parse(text: changed, path: sandbox.path),
            followedHash: book.contentHash)
        #expect(!other.matchesRevision)
    }

    @Test("unified diffs number their hunks like diff -u")
    func lineDiff() {
        let old = (1...10).map(String.init).joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "5\n", with: "five\n")
        #expect(LineDiff.hunks(old, new) == "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n")
        #expect(LineDiff.hunks(old, old).isEmpty)
        #expect(LineDiff.hunks("", "a\n") == "@@ -0,0 +1,1 @@\n+a\n")
    }

    @Test("export times are ISO 8601 UTC with milliseconds and read back")
    func times() {
        let date = Date(timeIntervalSince1970: 1_795_770_000.123)
        #expect(ExportTime.iso(date) == "2026-11-27T09:00:00.123Z")
        #expect(ExportTime.parse("2026-11-27T09:00:00.123Z").map(ExportTime.iso) == "2026-11-27T09:00:00.123Z")
        #expect(ExportTime.parse("2026-11-27T09:00:00Z") == Date(timeIntervalSince1970: 1_795_770_000))
        #expect(ExportTime.parse("yesterday") == nil)
    }
}

@Suite("Reading event logs fast")
struct EventDecodingTests {
    @Test("the flat-payload reader and the batched decoder read what JSONDecoder reads, event by event")
    func fastPathMatchesDecoder() throws {
        let sandbox = try FixtureSandbox()
        let runID = try sandbox.recordFixtureRun()
        let rows = try sandbox.store.storedEvents(of: runID)
        let events = try sandbox.store.events(of: runID)
        #expect(rows.count == events.count)
        var flat = 0
        for (row, event) in zip(rows, events) {
            let kind = try #require(EventKind(rawValue: row.kind))
            let reference = try EventPayload.decode(kind: kind, body: Data(row.payload.utf8))
            #expect(event.payload == reference, "event \(row.sequence)")
            if let fast = EventPayload.decodeFlat(kind: kind, body: row.payload) {
                flat += 1
                #expect(fast == reference, "event \(row.sequence)")
            }
        }
        #expect(flat >= rows.count / 2)
        // Escapes, unicode and an unknown key: read exactly, or left to the decoder.
        let tricky =
            #"{"droppedBytes":0,"stream":"stdout","text":"tab\there \"q\" \\ \u00e9 ✓ \ud83d\ude00\n","totalBytes":9}"#
        let trickyFlat = try #require(
            EventPayload.decodeFlat(kind: .output, body: tricky), "the flat reader reads these escapes")
        #expect(trickyFlat == (try EventPayload.decode(kind: .output, body: Data(tricky.utf8))))
        #expect(
            EventPayload.decodeFlat(
                kind: .output, body: #"{"droppedBytes":0,"future":1,"stream":"stderr","text":"","totalBytes":0}"#)
                == nil)
    }
}

@Suite("Markdown escaping in exports")
struct MarkdownTextTests {
    @Test("fences outgrow backticks in the content; inline text and cells are escaped")
    func escaping() throws {
        #expect(MarkdownText.fence(for: "echo hi\n") == "```")
        #expect(MarkdownText.fence(for: "```bash\nx\n```\n") == "````")
        #expect(MarkdownText.fence(for: "  `````\n") == "``````")
        #expect(MarkdownText.escape("a *b* <c> | d") == "a \\*b\\* \\<c\\> | d")
        #expect(MarkdownText.escape("a | b", pipes: true) == "a \\| b")
        #expect(MarkdownText.codeSpan("a`b") == "``a`b``")
        // An output holding a fence and HTML stays inside its code block when parsed back.
        let text = "```\n<script>alert(1)</script>\n```\n"
        let fence = MarkdownText.fence(for: text)
        let markdown = fence + "text\n" + text + fence + "\n"
        let xml = try runProgram("/usr/bin/cmark-gfm", ["--to", "xml"], input: Data(markdown.utf8)).stdout
        #expect(xml.components(separatedBy: "<code_block").count == 2)
        #expect(!xml.contains("<html_block"))
    }
}

@Suite("Formatting by hand")
struct HandFormattingTests {
    @Test("times from the seconds since 1970 match gmtime over four centuries, leap days and negative times")
    func timesMatchGmtime() {
        var seconds: Int64 = -2_208_988_800 // 1900-01-01
        while seconds < 32_503_680_000 { // 3000-01-01
            for offset: Int64 in [0, 59, 86_399] {
                var time = time_t(seconds + offset)
                var parts = tm()
                gmtime_r(&time, &parts)
                let expected = String(
                    format: "%04d-%02d-%02dT%02d:%02d:%02d.250Z", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                    parts.tm_hour, parts.tm_min, parts.tm_sec)
                #expect(ExportTime.iso(Date(timeIntervalSince1970: Double(seconds + offset) + 0.25)) == expected)
            }
            seconds += 86_400 * 13 + 3_607
        }
        #expect(ExportTime.iso(Date(timeIntervalSince1970: -0.0004)) == "1970-01-01T00:00:00.000Z")
        #expect(ExportTime.iso(Date(timeIntervalSince1970: -0.6)) == "1969-12-31T23:59:59.400Z")
        #expect(ExportTime.iso(Date(timeIntervalSince1970: 1_795_770_000.9996)) == "2026-11-27T09:00:01.000Z")
        #expect(ExportTime.minute(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00")
        #expect(ExportTime.clock(Date(timeIntervalSince1970: 1_795_770_000 + 3_723)) == "10:02:03")
        #expect(ExportTime.readable(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00 UTC")
    }

    @Test("durations are written as before: ms under a second, tenths under a minute, then h/m/s")
    func durations() {
        let cases: [(Double, String)] = [
            (0, "0ms"), (0.0004, "0ms"), (0.0025, "3ms"), (0.9994, "999ms"), (0.9996, "1000ms"), (-0.002, "-2ms"),
            (1, "1s"),
            (1.04, "1.0s"), (1.05, "1.1s"), (42, "42s"), (59.96, "60.0s"), (60, "1m"), (61, "1m1s"), (3_600, "1h"),
            (5_400, "1h30m"),
            (3_661, "1h1m"), (90_061, "25h1m"),
        ]
        for (seconds, text) in cases { #expect(DurationText.format(seconds) == text, "\(seconds)") }
        var bytes: [UInt8] = []
        bytes.writeDecimal(Int.min)
        bytes.write(" ")
        bytes.writeDecimal(0)
        bytes.write(" ")
        bytes.writeDecimal(1_000_007)
        #expect(String(decoding: bytes, as: UTF8.self) == "\(Int.min) 0 1000007")
        for count in [0, 1023, 1024, 1536, 1_048_575, 1_048_576, 5_000_000] {
            var out: [UInt8] = []
            ReportText.appendBytes(count, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == ReportText.bytes(count))
        }
    }

    @Test("tables pad columns to their widest cell in characters; the last column is not padded")
    func table() {
        let rows = [["ID", "NAME", "N"], ["a", "é ✓ wide", "10"], ["bbbb", "x", "2"]]
        #expect(
            TextTable.render(rows, rightAligned: [2]) == "ID    NAME       N\na     é ✓ wide  10\nbbbb  x          2\n")
        #expect(TextTable.render([["A", "B"], ["xyz", "é"]]) == "A    B\nxyz  é\n")
        #expect(TextTable.render([]) == "")
    }

    @Test("lines split on bytes as String.split on line feeds: a CR LF pair stays inside its line")
    func lines() {
        for text in ["", "\n", "a", "a\n", "a\n\nb", "a\r\nb\nc\r", "\r\n\n", "x\n\u{301}y\n", "é\r\r\nz"] {
            var ranges: [Range<Int>] = []
            var copy = text
            let lines = copy.withUTF8 { utf8 in
                ReportText.lineRanges(utf8, into: &ranges)
                return ranges.map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
            }
            #expect(
                lines == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                "\(Array(text.utf8))")
        }
    }
}
