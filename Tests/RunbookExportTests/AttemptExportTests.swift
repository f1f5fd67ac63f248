import Foundation
import RunbookDocument
import RunbookExecution
import RunbookExport
import RunbookParsing
import RunbookRecords
import Testing

/// Runs recorded by the real engine, then read by the exports and `amend`: each test is one
/// thing the record once said that did not happen.
@Suite("What the exports and amend say about attempts")
struct AttemptExportTests {
    /// A sandbox with its own records and one runbook.
    final class Sandbox {
        let directory: String
        let store: RecordStore
        let text: String
        var path: String { directory + "/book.md" }
        var runbook: Runbook { RunbookParser().parse(text: text, path: path) }

        init(_ text: String) throws {
            directory = (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "runbook-attempts-" + UUID().uuidString)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            store = try RecordStore(path: directory + "/records.sqlite")
            self.text = text
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func options(_ name: String = "alice", _ host: String = "pve1", preconfirmed: Bool = false) -> EngineOptions {
            EngineOptions(
                mode: .scripted, operatorName: name, host: host, toolVersion: "test",
                processEnvironment: ["PATH": "/usr/bin:/bin", "HOME": directory], invocationDirectory: directory,
                killGrace: 1, preconfirmed: preconfirmed, temporaryDirectory: directory)
        }

        func start(_ driver: any Driver, preconfirmed: Bool = false) throws -> String {
            let variables = try VariableResolver(declared: runbook.variables, options: [:], environment: [:]).resolve()
            return try Engine.start(
                runbook: runbook, text: text, store: store, variables: variables, driver: driver,
                options: options(preconfirmed: preconfirmed)
            ).run().runID
        }

        func resume(_ runID: String, _ driver: any Driver, as name: String = "bob", on host: String = "pve2") throws {
            let variables = try VariableResolver(declared: runbook.variables, options: [:], environment: [:]).resolve()
            _ = try Engine.resume(
                runID: runID, runbook: runbook, text: text, changes: [], store: store, variables: variables,
                driver: driver,
                options: options(name, host)
            ).run()
        }

        func report(_ runID: String) throws -> RunReport {
            let record = try #require(try store.run(id: runID))
            return RunReport(try RunExport.load(record, from: store), runbook: runbook)
        }
    }

    static let book = """
        ---
        id: attempts
        title: Attempts
        version: 3
        validation:
          - name: check-done
            run: "true"
        ---
        # Attempts

        ## Prepare
        ```bash {id=prepare}
        echo prepared
        ```

        ## Migrate
        ```bash {id=migrate}
        echo migrated
        ```
        ```output
        migrated
        ```

        ## Finish
        ```bash {id=finish}
        echo finished
        ```

        """

    /// Attempt 1 of `migrate` is an edit that fails; the run pauses for the day shift; bob
    /// resumes and runs the written command, which succeeds.
    func editFailPauseResume(_ sandbox: Sandbox) throws -> String {
        let runID = try sandbox.start(
            ScriptedDriver([
                .init(step: "migrate", when: .proposal, .edit("echo trying the new flag\nexit 7")),
                .init(step: "migrate", when: .failure, .pause(reason: "handing over to day shift")),
            ]))
        try sandbox.resume(runID, ScriptedDriver([], lessons: ["Check the flag exists first\nthe old binary lacks it"]))
        return runID
    }

    @Test("an edit that failed, then the written command after a resume: both attempts, in order, the last as written")
    func failedEditThenWrittenCommand() throws {
        let sandbox = try Sandbox(AttemptExportTests.book)
        let report = try sandbox.report(try editFailPauseResume(sandbox))
        let migrate = try #require(report.steps.first { $0.id == "migrate" })
        #expect(migrate.status == .succeeded)
        #expect(!migrate.isEdited)
        #expect(migrate.executedCommand == "echo migrated\n")

        let markdown = MarkdownExporter().render(report)
        // The failed edit is attempt 1, with its own command and output, never "executed".
        #expect(markdown.contains("**Attempt 1**, by alice on pve1: failed with exit status 7"))
        #expect(markdown.contains("+echo trying the new flag"))
        #expect(markdown.contains("Output of attempt 1 (stdout, 20 B)"))
        #expect(markdown.contains("**Attempt 2**, by bob on pve2: succeeded"))
        #expect(markdown.contains("Output of attempt 2 (stdout, 9 B)"))
        #expect(!markdown.contains("succeeded, edited"))
        #expect(markdown.contains("the last attempt ran the command as written"))
        // The pause, its reason and who took the run up again.
        #expect(markdown.contains("Paused at migrate: handing over to day shift. Resumed by bob on pve2."))

        let html = HTMLExporter().render(report)
        #expect(html.contains("<strong>Attempt 1</strong>, by alice on pve1: failed with exit status 7"))
        #expect(html.contains("<strong>Attempt 2</strong>, by bob on pve2: succeeded"))
        #expect(html.contains("handing over to day shift. Resumed by bob on pve2."))
    }

    @Test("amend proposes no change for a step whose edit failed and whose written command succeeded")
    func amendIgnoresAFailedEdit() throws {
        let sandbox = try Sandbox(AttemptExportTests.book)
        let report = try sandbox.report(try editFailPauseResume(sandbox))
        let plan = AmendPlanner().plan(
            report, text: sandbox.text, runbook: sandbox.runbook, followedHash: sandbox.runbook.contentHash)
        #expect(!plan.changes.contains { $0.hasPrefix("migrate") })
        #expect(!plan.proposedText.contains("exit 7"))
        #expect(plan.proposedText.contains("echo migrated\n```\n```output\nmigrated\n```"))
    }

    @Test("a second edit is shown against the runbook's text, not against the first edit")
    func diffIsAgainstTheRunbook() throws {
        let sandbox = try Sandbox(AttemptExportTests.book)
        let runID = try sandbox.start(
            ScriptedDriver([
                .init(step: "prepare", when: .proposal, .edit("echo first try\nexit 1")),
                .init(step: "prepare", when: .failure, .edit("echo second try")),
            ]))
        let report = try sandbox.report(runID)
        let markdown = MarkdownExporter().render(report)
        let diffs = markdown.components(separatedBy: "```diff\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        #expect(diffs.count == 2)
        for diff in diffs { #expect(diff.contains("-echo prepared"), "\(diff)") }
        #expect(!diffs[1].contains("-echo first try"))
        // The step's events say the same: an edit's original is the written text.
        let edits = try sandbox.store.events(of: runID).compactMap {
            if case .commandEdited(let e) = $0.payload { e } else { nil }
        }
        #expect(edits.map(\.original) == ["echo prepared\n", "echo prepared\n"])
    }

    @Test(
        "amend replaces an edited command that ran last and succeeded, and its expected output, and bumps the version")
    func amendReplacesASuccessfulEdit() throws {
        let sandbox = try Sandbox(AttemptExportTests.book)
        let runID = try sandbox.start(
            ScriptedDriver([
                .init(step: "migrate", when: .proposal, .edit("echo migrated twice")),
                .init(step: "prepare", when: .proposal, .note("the disk was at 91%\nbefore the cleanup")),
            ]))
        let report = try sandbox.report(runID)
        let plan = AmendPlanner().plan(
            report, text: sandbox.text, runbook: sandbox.runbook, followedHash: sandbox.runbook.contentHash)
        #expect(
            plan.proposedText.contains("```bash {id=migrate}\necho migrated twice\n```\n```output\nmigrated twice\n```")
        )
        #expect(plan.proposedText.contains("version: 4\n"))
        // A step's note is a comment the author can keep or drop, above the step.
        #expect(plan.proposedText.contains("<!-- note from run"))
        #expect(plan.proposedText.contains("the disk was at 91% before the cleanup -->\n```bash {id=prepare}"))
    }

    @Test("amend removes the expected output of a replaced command that printed nothing, and bumps a dotted version")
    func amendRemovesExpectedOutput() throws {
        let sandbox = try Sandbox(
            AttemptExportTests.book.replacingOccurrences(of: "version: 3", with: "version: \"1.2\""))
        let runID = try sandbox.start(ScriptedDriver([.init(step: "migrate", when: .proposal, .edit("true"))]))
        let plan = AmendPlanner().plan(
            try sandbox.report(runID), text: sandbox.text, runbook: sandbox.runbook,
            followedHash: sandbox.runbook.contentHash)
        #expect(
            plan.proposedText.contains("## Migrate\n```bash {id=migrate}\ntrue\n```\n\n## Finish"),
            "\(plan.proposedText)")
        #expect(plan.proposedText.contains("version: \"1.3\"\n"))
        #expect(plan.changes.contains("migrate: its expected output block is removed (it was the written command's)"))
    }

    @Test("a failed attempt's output and an interrupted attempt are listed with the attempt they belong to")
    func failedAttemptsAreListed() throws {
        let sandbox = try Sandbox(
            """
            ## Flaky
            ```bash {id=flaky}
            echo "try $(cat "$HOME/count" 2>/dev/null || echo 0)"; test -e "$HOME/count" && exit 0; echo 1 > "$HOME/count"; echo "not yet" >&2; exit 4
            ```
            """)
        let runID = try sandbox.start(ScriptedDriver([.init(step: "flaky", when: .failure, .retry)]))
        let markdown = MarkdownExporter().render(try sandbox.report(runID))
        #expect(markdown.contains("**Attempt 1**, by alice on pve1: failed with exit status 4"))
        #expect(markdown.contains("Output of attempt 1 (stderr, 8 B)"))
        #expect(markdown.contains("**Attempt 2**, by alice on pve1: succeeded"))
        #expect(markdown.contains("Output of attempt 2 (stdout, 6 B)"))
        #expect(markdown.contains("Succeeded in"))
        #expect(markdown.contains("after 2 attempts"))
    }

    @Test("pause reasons and multi-line lessons and notes are kept in Markdown and HTML")
    func pausesAndLessonsAsWritten() throws {
        let sandbox = try Sandbox(AttemptExportTests.book)
        let report = try sandbox.report(try editFailPauseResume(sandbox))
        let markdown = MarkdownExporter().render(report)
        #expect(markdown.contains("- Check the flag exists first\\\n  the old binary lacks it\n"))
        let html = HTMLExporter().render(report)
        #expect(html.contains("<li>Check the flag exists first<br>\nthe old binary lacks it</li>"))
        #expect(html.contains("handing over to day shift"))
    }

    @Test("a manual step --yes confirmed in advance is never 'confirmed done by the operator in 0ms'")
    func preconfirmedManualStep() throws {
        let sandbox = try Sandbox(
            """
            ## Look
            - [ ] Look at the dashboard

            ## Wipe
            ```bash {id=wipe confirm="wipe it"}
            echo wiped
            ```
            """)
        let runID = try sandbox.start(AutoDriver(preconfirmed: true), preconfirmed: true)
        let markdown = MarkdownExporter().render(try sandbox.report(runID))
        #expect(!markdown.contains("Confirmed done by the operator in 0ms"))
        #expect(markdown.contains("Marked done in advance by --yes (nobody confirmed it at the time)."))
        #expect(markdown.contains("confirmed in advance by --yes (nobody was asked)"))
    }

    @Test("a destructive step says how it was confirmed: typed phrase or y/N")
    func confirmationMethodShown() throws {
        let text = """
            ## Wipe
            ```bash {id=wipe confirm="wipe it"}
            echo wiped
            ```
            ## Drop
            ```bash {id=drop confirm=true}
            echo dropped
            ```
            """
        let sandbox = try Sandbox(text)
        let driver = ScriptedDriver([])
        driver.confirmation = .typed("wipe it")
        let typedRun = try sandbox.start(driver)
        let markdown = MarkdownExporter().render(try sandbox.report(typedRun))
        #expect(markdown.contains("**Attempt 1**, by alice on pve1, confirmed by typing the phrase: succeeded"))
        let other = try Sandbox("## Drop\n```bash {id=drop confirm=true}\necho dropped\n```\n")
        let answered = try other.start(ScriptedDriver([], confirmation: .yes))
        #expect(
            MarkdownExporter().render(try other.report(answered)).contains("confirmed by answering y to y/N: succeeded")
        )
    }

    @Test(
        "the summary counts: main steps only, validation not run, interrupted apart from failed, no diff line as a deviation"
    )
    func summaryCounts() throws {
        let sandbox = try Sandbox(
            AttemptExportTests.book.replacingOccurrences(
                of: "echo migrated\n```\n```output\nmigrated", with: "echo migrated\n```\n```output\nsomething else"))
        let runID = try sandbox.start(ScriptedDriver([.init(step: "finish", when: .proposal, .pause(reason: "lunch"))]))
        let report = try sandbox.report(runID)
        let markdown = MarkdownExporter().render(report)
        // Prepare and migrate ran (migrate's output differed); the prerequisite-free run paused
        // before finish and never reached validation.
        #expect(markdown.contains("- Steps: 2 of 3 steps done\n"), "\(markdown)")
        #expect(markdown.contains("- Validation: not run (1 check)"))
        // The pause names the step the run stopped at, not the last one that ran.
        #expect(markdown.contains("- Paused at finish: lunch. Not resumed.\n"))
        #expect(
            markdown.contains(
                "| `migrate` | output-mismatch | the output differed from the expected output (diff with the step) |"))
        #expect(!markdown.contains("--- expected |"))
    }
}

@Suite("Attempts that did not end on their own")
struct UnfinishedAttemptTests {
    @Test("an interrupted attempt (Ctrl-C) and one whose runner died are each listed, with what they printed")
    func interruptedAndRunnerDied() {
        let start = Date(timeIntervalSince1970: 1_795_770_000)
        var sequence = 0
        func event(_ step: String?, _ payload: EventPayload) -> RunEvent {
            sequence += 1
            return RunEvent(
                runID: "01run", sequence: sequence, time: start.addingTimeInterval(Double(sequence)), stepID: step,
                payload: payload)
        }
        func started(_ step: String) -> RunEvent {
            event(
                step,
                .stepStarted(
                    StepStartedPayload(
                        phase: .main, kind: .shell, title: step, command: "sleep 60\n", attempt: 1,
                        workingDirectory: "/", isInteractive: false)))
        }
        let events = [
            event(
                nil,
                .runStarted(
                    RunStartedPayload(
                        revisionHash: "abc", runbookID: "demo", path: "demo.md", title: "Demo", operatorName: "alice",
                        host: "pve1", mode: .interactive,
                        toolVersion: "test", variables: [:], secretNames: [],
                        session: SessionSnapshot(workingDirectory: "/")))),
            started("wait"),
            event("wait", .output(OutputPayload(stream: .stdout, text: "waiting\n", totalBytes: 8, droppedBytes: 0))),
            event(
                "wait",
                .stepFinished(StepFinishedPayload(phase: .main, outcome: .interrupted, signal: 2, durationSeconds: 3))),
            started("wait"),
            event(
                nil,
                .resumed(
                    ResumedPayload(
                        operatorName: "bob", host: "pve2", mode: .interactive, toolVersion: "test", revisionHash: "abc",
                        previousRevisionHash: "abc", changedSteps: []))),
        ]
        let run = RunRecord(
            id: "01run", revisionHash: "abc", runbookID: "demo", path: "demo.md", operatorName: "alice", host: "pve1",
            mode: .interactive,
            variables: [:], secretNames: [], status: .running, startedAt: start, toolVersion: "test")
        let report = RunReport(RunExport(run: run, revisions: [], events: events))
        let step = report.steps[0]
        #expect(step.status == .runnerDied)
        let markdown = MarkdownExporter().render(report)
        #expect(markdown.contains("**Attempt 1**, by alice on pve1: interrupted (Ctrl-C) in 3s."))
        #expect(markdown.contains("Output of attempt 1 (stdout, 8 B)"))
        #expect(markdown.contains("**Attempt 2**, by alice on pve1: never ended: the runner died during it."))
        #expect(markdown.contains("- Steps: 0 of 1 step done, 1 interrupted\n"))
    }
}

@Suite("Exports written before attempts were first-class")
struct OlderExportTests {
    static var older: Data {
        get throws {
            try Data(contentsOf: URL(fileURLWithPath: Golden.directory + "/older-export-without-attempts.json"))
        }
    }

    @Test("an older export (no summary, no steps) still imports, and reads as the same run")
    func olderExportImports() throws {
        let decoded = try JSONExporter.decode(try OlderExportTests.older)
        let sandbox = try FixtureSandbox()
        try sandbox.store.importRun(decoded.run, revisions: decoded.revisions, events: decoded.events)
        let state = try sandbox.store.state(of: decoded.run.id)
        #expect(state.status == .rolledBack)
        #expect(state.steps["snapshot"]?.attempts.map(\.isEdited) == [true])
        #expect(state.steps["upload"]?.lastAttempt?.outcome == .failed)
    }

    @Test("every payload stored before the payload schemas reads back and is written again byte for byte")
    func storedPayloadsRoundTrip() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: try OlderExportTests.older) as? [String: Any])
        let events = try #require(object["events"] as? [[String: Any]])
        var kinds = Set<String>()
        for event in events {
            let name = try #require(event["kind"] as? String)
            let kind = try #require(EventKind(rawValue: name))
            let stored = try JSONSerialization.data(
                withJSONObject: try #require(event["payload"]), options: [.sortedKeys, .withoutEscapingSlashes])
            let payload = try EventPayload.decode(kind: kind, body: stored)
            #expect(
                String(decoding: try payload.encodedBody(), as: UTF8.self) == String(decoding: stored, as: UTF8.self))
            kinds.insert(kind.rawValue)
        }
        #expect(kinds.count >= 11)
    }
}
