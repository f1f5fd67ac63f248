import Foundation
import RunbookKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `runbook run` driven through a real pseudo-terminal: what the screen showed and what the
/// records hold.
@Suite(.serialized) struct InteractiveTests {
    /// Starts `runbook ARGS --records <sandbox>` on a terminal, 80 columns, without colors or an
    /// editor (the inline editor is used).
    func start(_ sandbox: CLISandbox, _ arguments: [String], environment: [String: String] = [:]) throws
        -> PseudoTerminal
    {
        var env = ProcessInfo.processInfo.environment
        for name in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS"] { env[name] = nil }
        env["NO_COLOR"] = "1"
        env["TERM"] = "xterm"
        env["SANDBOX"] = sandbox.directory
        for (key, value) in environment { env[key] = value }
        return try PseudoTerminal(
            arguments + ["--records", sandbox.records], directory: sandbox.directory, environment: env)
    }

    func store(_ sandbox: CLISandbox) throws -> (RecordStore, RunRecord, [RunEvent]) {
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        return (store, run, try store.events(of: run.id))
    }

    @Test func refusesWithoutATerminal() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## A\n```bash\ntouch \"$SANDBOX/ran\"\n```\n")
        let result = try sandbox.run(["run", "book.md"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no terminal"))
        #expect(result.stderr.contains("--auto"))
        #expect(sandbox.file("ran") == nil)
        #expect(try sandbox.recordsUntouched())
    }

    @Test func answersPromptsRunsStepsAndRecordsLessons() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            title: Greeting drill
            version: 2
            priority: high
            variables:
              NAME: { default: world, description: Who to greet, pattern: '^[a-z]+$' }
              TOKEN: { secret: true }
            ---
            # Greeting drill

            ## Say hello

            Greets whoever NAME says.

            ```bash {id=hello}
            echo "hello $NAME"
            ```
            ```output
            hello ops
            ```

            ## Check by hand

            - [ ] Look at the greeting
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Greeting drill")
        try terminal.expect("version 2 · content ")
        try terminal.expect("priority high")
        try terminal.expect("1. Say hello")
        try terminal.expect("2. Look at the greeting  manual")
        try terminal.expect("NAME [world]: ")
        terminal.type("Ops\r")
        try terminal.expect("does not match ^[a-z]+$")
        try terminal.expect("NAME [world]: ")
        terminal.type("ops\r")
        try terminal.expect("TOKEN (hidden): ")
        terminal.type("s3cr3t-value\r")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/2 · Say hello")
        try terminal.expect("Greets whoever NAME says.")
        try terminal.expect("$ echo \"hello $NAME\"")
        try terminal.expect("with NAME=ops")
        try terminal.expect("expected output: 1 line")
        try terminal.expect("[r] run (Enter)")
        try terminal.expect("> ")
        terminal.type("?")
        try terminal.expect("the default (run)")
        terminal.type("\r")
        try terminal.expect("│ hello ops")
        try terminal.expect("✓ exit 0")
        try terminal.expect("output as expected")
        try terminal.expect("Step 2/2 · Look at the greeting")
        try terminal.expect("[d] done (Enter)")
        terminal.type("d")
        try terminal.expect("Summary")
        try terminal.expect("2 of 2 steps done, 0 skipped, 0 edited, 0 deviations")
        try terminal.expect("Lessons learned?")
        try terminal.expect("> ")
        terminal.type("greet louder\r")
        try terminal.expect("> ")
        terminal.type("and twice\r")
        try terminal.expect("> ")
        terminal.type("\r")
        try terminal.expect("completed.")
        #expect(try terminal.waitForExit() == 0)
        #expect(!terminal.text.contains("s3cr3t-value"))

        let (_, run, events) = try store(sandbox)
        #expect(run.status == .completed)
        #expect(run.mode == .interactive)
        #expect(run.variables["NAME"] == "ops")
        #expect(run.variables["TOKEN"] == nil)
        #expect(
            events.contains {
                if case .lesson(let lesson) = $0.payload { lesson.text == "greet louder\nand twice" } else { false }
            })
        #expect(
            events.contains {
                if case .confirmed(let c) = $0.payload {
                    $0.stepID == "look-at-the-greeting" && c.requirement == "manual"
                } else {
                    false
                }
            })
        // The terminal is given back as it was: line editing and echo on.
        let settings = terminal.settings()
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0)
    }

    @Test func editsACommandInlineAndSkipsWithAReason() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## First
            ```bash {id=first}
            echo original > "$SANDBOX/first.txt"
            ```
            ## Second
            ```bash {id=second}
            touch "$SANDBOX/second.txt"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("y")
        try terminal.expect("Step 1/2 · First")
        try terminal.expect("> ")
        terminal.type("e")
        try terminal.expect("$ echo original > \"$SANDBOX/first.txt\"")
        // Ctrl-U clears the prefilled line; type the new one; then an empty line ends.
        terminal.type("\u{15}echo edited > \"$SANDBOX/first.txt\"\r")
        try terminal.expect("+ ")
        terminal.type("\r")
        try terminal.expect("Run the edited command? [Y/n]")
        terminal.type("\r")
        try terminal.expect("✓ exit 0")
        try terminal.expect("Step 2/2 · Second")
        try terminal.expect("> ")
        terminal.type("w")
        try terminal.expect("Note: ")
        terminal.type("checked with the storage team\r")
        try terminal.expect("Note recorded.")
        try terminal.expect("> ")
        terminal.type("s")
        try terminal.expect("Why skip it? ")
        terminal.type("\r") // an empty reason is not taken
        try terminal.expect("Nothing entered")
        try terminal.expect("> ")
        terminal.type("s")
        try terminal.expect("Why skip it? ")
        terminal.type("not needed today\r")
        try terminal.expect("skipped: not needed today")
        try terminal.expect("1 of 2 steps done, 1 skipped, 1 edited, 2 deviations")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("first.txt") == "edited\n")
        #expect(sandbox.file("second.txt") == nil)

        let (_, _, events) = try store(sandbox)
        let edit = events.compactMap { if case .commandEdited(let e) = $0.payload { e } else { nil } }.first
        #expect(edit?.original == "echo original > \"$SANDBOX/first.txt\"\n")
        #expect(edit?.executed == "echo edited > \"$SANDBOX/first.txt\"\n")
        let skip = events.compactMap { if case .skipped(let s) = $0.payload { s } else { nil } }.first
        #expect(skip?.reason == "not needed today")
        #expect(skip?.why == .operatorChoice)
        #expect(events.filter { if case .deviation = $0.payload { true } else { false } }.count == 2)
        #expect(
            events.contains {
                if case .note(let n) = $0.payload {
                    $0.stepID == "second" && n.text == "checked with the storage team"
                } else {
                    false
                }
            })
    }

    @Test func aFailedStepRollsBack() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Make
            ```bash {id=make}
            touch "$SANDBOX/made"
            ```
            ## Break
            ```bash {id=break}
            echo "disk full" >&2; exit 3
            ```
            ## Rollback
            ```bash {id=unmake confirm=true}
            rm "$SANDBOX/made"; echo removed
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Rollback: 1 step, only if you ask for it")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/2 · Make")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Break")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("┆ disk full") // stderr: its own gutter
        try terminal.expect("✗ exit 3")
        try terminal.expect("The step failed.")
        try terminal.expect("[r] retry (Enter)  [e] edit  [s] skip  [u] rollback")
        try terminal.expect("> ")
        terminal.type("u")
        try terminal.expect("run the rollback (1 step: unmake)? [y/N]")
        terminal.type("y")
        try terminal.expect("Rolling back")
        try terminal.expect("Rollback 1/1 · Rollback")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Run Rollback? [y/N]")
        terminal.type("y")
        try terminal.expect("│ removed")
        try terminal.expect("Rollback finished.")
        try terminal.expect("Summary · run ")
        try terminal.expect("rolled-back")
        try terminal.expect("rollback: 1 of 1 step ran")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 1)
        #expect(sandbox.file("made") == nil)

        let (_, run, events) = try store(sandbox)
        #expect(run.status == .rolledBack)
        #expect(
            events.contains { if case .rollbackStarted(let r) = $0.payload { r.steps == ["unmake"] } else { false } })
        #expect(
            events.contains {
                if case .stepFinished(let f) = $0.payload { $0.stepID == "break" && f.exitCode == 3 } else { false }
            })
        #expect(
            events.contains {
                if case .stepFinished(let f) = $0.payload {
                    $0.stepID == "unmake" && f.outcome == .succeeded
                } else {
                    false
                }
            })
    }

    @Test func pausesAndResumesFromTheOffer() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## One
            ```bash {id=one}
            echo one >> "$SANDBOX/log"
            ```
            ## Two
            ```bash {id=two}
            echo two >> "$SANDBOX/log"
            ```
            """)
        let first = try start(sandbox, ["run", "book.md"])
        try first.expect("Start the run? [Y/n]")
        first.type("\r")
        try first.expect("Step 1/2 · One")
        first.type("r")
        try first.expect("Step 2/2 · Two")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause? (optional) ")
        first.type("waiting for the change window\r")
        try first.expect("Paused: waiting for the change window.")
        let hint = try first.expect("runbook resume ")
        _ = hint
        #expect(try first.waitForExit() == 3)
        #expect(sandbox.file("log") == "one\n")

        let second = try start(sandbox, ["run", "book.md"])
        try second.expect("An unfinished run of this runbook exists:")
        try second.expect("paused: waiting for the change window")
        try second.expect("[r] resume it (Enter)")
        second.type("r")
        try second.expect("Resuming run")
        try second.expect("1 of 2 steps done")
        try second.expect("Step 2/2 · Two")
        second.type("r")
        try second.expect("Lessons learned?")
        try second.expect("> ")
        second.type("\r")
        #expect(try second.waitForExit() == 0)
        #expect(sandbox.file("log") == "one\ntwo\n")

        let (store, run, events) = try store(sandbox)
        #expect(try store.runs().count == 1)
        #expect(run.status == .completed)
        #expect(
            events.contains {
                if case .paused(let p) = $0.payload { p.text == "waiting for the change window" } else { false }
            })
        #expect(events.contains { if case .resumed = $0.payload { true } else { false } })
    }

    @Test func confirmationPhraseWrongThenRight() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            variables:
              POOL: { default: tank }
            ---
            ## Destroy
            ```bash {id=destroy destructive=true confirm="$POOL"}
            touch "$SANDBOX/destroyed"
            ```
            ## Again
            ```bash {id=again confirm="wipe it"}
            touch "$SANDBOX/wiped"
            ```
            """)
        // --yes vouches for nothing when someone is at the terminal: everything is still asked.
        let terminal = try start(sandbox, ["run", "book.md", "--yes", "--allow-destructive"])
        try terminal.expect("POOL [tank]: ")
        terminal.type("\r")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("⚠ destructive · asks you to type the value of POOL")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("To run it, type POOL (“tank”).")
        try terminal.expect("confirm> ")
        terminal.type("tnak\r")
        try terminal.expect("That is not POOL (“tank”).")
        try terminal.expect("confirm> ")
        terminal.type("tank\r")
        try terminal.expect("✓ exit 0")
        try terminal.expect("asks you to type “wipe it”")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("confirm> ")
        terminal.type("\r") // an empty answer declines: nothing runs
        try terminal.expect("Not confirmed")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("confirm> ")
        terminal.type("wipe\r")
        try terminal.expect("That is not “wipe it”.")
        try terminal.expect("confirm> ")
        terminal.type("wipe it\r")
        try terminal.expect("Lessons learned?")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("destroyed") != nil && sandbox.file("wiped") != nil)

        let (_, _, events) = try store(sandbox)
        let confirmations = events.compactMap { if case .confirmed(let c) = $0.payload { c } else { nil } }
        #expect(confirmations.map(\.requirement) == ["variable", "phrase"])
        #expect(confirmations.allSatisfy { $0.method == .typed })
        let started = events.compactMap { if case .runStarted(let p) = $0.payload { p } else { nil } }.first
        #expect(started?.preconfirmed == false && started?.allowDestructive == false)
    }

    @Test func aFailedPrerequisiteIsOverriddenWithAReason() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            prerequisites:
              - A maintenance window is open
              - name: the tool is installed
                run: command -v definitely-not-installed-tool
              - name: the shell works
                run: "true"
            ---
            ## Work
            ```bash {id=work}
            touch "$SANDBOX/worked"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Prerequisites: 2 automatic checks, 1 to confirm")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Prerequisite 1/3 · A maintenance window is open")
        try terminal.expect("[d] done (Enter)")
        terminal.type("d")
        try terminal.expect("✗ the tool is installed (exit 1)")
        try terminal.expect("This prerequisite is not met.")
        try terminal.expect("[o] override")
        try terminal.expect("> ")
        terminal.type("o")
        try terminal.expect("Why go on without it? ")
        terminal.type("we use the builtin instead\r")
        try terminal.expect("overridden: went on although the prerequisite failed: we use the builtin\ninstead")
        try terminal.expect("✓ the shell works")
        try terminal.expect("Step 1/1 · Work")
        terminal.type("\r")
        try terminal.expect("1 of 1 step done, 0 skipped, 0 edited, 1 prerequisite overridden, 1 deviation")
        try terminal.expect("Lessons learned?")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)

        let (_, _, events) = try store(sandbox)
        #expect(events.contains { if case .confirmed(let c) = $0.payload { c.requirement == "manual" } else { false } })
        let deviation = events.compactMap { if case .deviation(let d) = $0.payload { d } else { nil } }.first
        #expect(deviation?.kind == .overridden)
        #expect(deviation?.detail == "went on although the prerequisite failed: we use the builtin instead")
    }

    @Test func ctrlCInterruptsTheStepNotTheTool() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Wait
            ```bash {id=wait}
            sleep 30
            ```
            ## After
            ```bash {id=after}
            touch "$SANDBOX/after"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md", "--kill-grace", "1"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/2 · Wait")
        terminal.type("r")
        try terminal.expect("Running Wait")
        // A silent step shows a progress line with the elapsed time.
        try terminal.expect("running Wait · 1s · Ctrl-C interrupts the step", within: 4)
        terminal.type("\u{3}")
        try terminal.expect("Interrupted.")
        try terminal.expect("> ")
        terminal.type("s")
        try terminal.expect("Why skip it? ")
        terminal.type("too slow\r")
        try terminal.expect("Step 2/2 · After")
        terminal.type("r")
        try terminal.expect("Lessons learned?")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("after") != nil)

        let (_, _, events) = try store(sandbox)
        #expect(
            events.contains {
                if case .stepFinished(let f) = $0.payload {
                    $0.stepID == "wait" && f.outcome == .interrupted
                } else {
                    false
                }
            })
    }

    @Test func sigtermAtAPromptPausesAndRestoresTheTerminal() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## A\n```bash {id=a}\ntrue\n```\n")
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/1 · A")
        try terminal.expect("> ")
        #expect(terminal.settings().c_lflag & tcflag_t(ECHO) == 0)
        kill(terminal.pid, SIGTERM)
        try terminal.expect("runbook resume ")
        #expect(try terminal.waitForExit() == 3)
        let settings = terminal.settings()
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0)
        let (_, run, _) = try store(sandbox)
        #expect(run.status == .paused)
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## A\n```bash {id=a}\ntrue\n```\n")
        let terminal = try start(sandbox, ["run", "book.md"], environment: ["SWIFT_BACKTRACE": "enable=no"])
        try terminal.expect("Start the run? [Y/n]")
        #expect(terminal.settings().c_lflag & tcflag_t(ICANON) == 0)
        kill(terminal.pid, SIGSEGV)
        #expect(try terminal.waitForExit() == 128 + SIGSEGV)
        let settings = terminal.settings()
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0)
    }

    @Test func editsInTheEditorAndShowsThePreviousOutput() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## First
            ```bash {id=first}
            echo "first says hi"
            ```
            ## Second
            ```bash {id=second}
            echo original
            ```
            """)
        // A scripted "editor": changes the text in the file it is given.
        let terminal = try start(sandbox, ["run", "book.md"], environment: ["EDITOR": "sed -i s/original/edited/"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/2 · First")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Second")
        try terminal.expect("> ")
        terminal.type("v")
        try terminal.expect("Output of First:")
        try terminal.expect("│ first says hi")
        try terminal.expect("> ")
        terminal.type("e")
        try terminal.expect("$ echo edited")
        try terminal.expect("Run the edited command? [Y/n]")
        terminal.type("y")
        try terminal.expect("│ edited")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        let (_, _, events) = try store(sandbox)
        let edit = events.compactMap { if case .commandEdited(let e) = $0.payload { e } else { nil } }.first
        #expect(edit?.original == "echo original\n" && edit?.executed == "echo edited\n")
    }

    @Test func colorsOnlyWithoutNoColor() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "## A\n```bash {id=a}\ntrue\n```\n")
        let plain = try start(sandbox, ["run", "book.md"])
        try plain.expect("Start the run? [Y/n]")
        #expect(!String(decoding: plain.bytes, as: UTF8.self).contains("\u{1B}[1m"))
        let colored = try start(sandbox, ["run", "book.md"], environment: ["NO_COLOR": ""])
        try colored.expect("Start the run? [Y/n]")
        #expect(String(decoding: colored.bytes, as: UTF8.self).contains("\u{1B}[1m"))
        for terminal in [plain, colored] {
            terminal.type("n")
            #expect(try terminal.waitForExit() == 0)
        }
        let runs = try sandbox.recordsUntouched() ? [] : try RecordStore(path: sandbox.records).runs()
        #expect(runs.isEmpty)
    }

    @Test func anInteractiveStepGetsTheOperatorsKeys() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Ask
            ```bash {id=ask interactive=true}
            printf 'Which pool? '; read -r pool; echo "pool=$pool" > "$SANDBOX/answer"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/1 · Ask")
        try terminal.expect("on a terminal")
        terminal.type("r")
        try terminal.expect("Which pool? ")
        terminal.type("tank\r")
        try terminal.expect("✓ exit 0")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("answer") == "pool=tank\n")
    }

    @Test func showsTheDiffOfAMismatchAndCtrlCAtAQuestionPauses() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Count
            ```bash {id=count}
            printf 'alpha\\nbeta\\n'
            ```
            ```output
            alpha
            gamma
            ```
            ## Later
            ```bash {id=later}
            true
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/2 · Count")
        terminal.type("r")
        try terminal.expect("✓ exit 0")
        try terminal.expect("output differs")
        try terminal.expect("The output differs from the expected output")
        try terminal.expect("-gamma")
        try terminal.expect("+beta")
        try terminal.expect("Step 2/2 · Later")
        try terminal.expect("> ")
        terminal.type("\u{3}")
        try terminal.expect("Paused: Ctrl-C at the prompt of step later.")
        #expect(try terminal.waitForExit() == 3)
        let (_, run, events) = try store(sandbox)
        #expect(run.status == .paused)
        #expect(
            events.contains {
                if case .deviation(let d) = $0.payload {
                    d.kind == .outputMismatch && d.detail.contains("-gamma")
                } else {
                    false
                }
            })
    }

    /// After kill -9 of the runner mid-step, resume on a terminal shows the lost attempt (who,
    /// when, what, no output) and lets the operator decide instead of running it again.
    @Test func resumeShowsTheStepItsRunnerDiedIn() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", LiveRunnerTests.longStep)
        let (process, out, err) = try sandbox.start(
            ["run", "--auto", "book.md"], environment: ["RUNBOOK_OPERATOR": "night-shift"])
        #expect(sandbox.waitFor("pgid"))
        kill(process.processIdentifier, SIGKILL)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        let terminal = try start(sandbox, ["resume"])
        try terminal.expect("Resuming run")
        try terminal.expect("Step long was interrupted: attempt 1 was in progress when its runner died.")
        try terminal.expect("by night-shift on ")
        try terminal.expect("No output was recorded")
        try terminal.expect("> ")
        terminal.type("s")
        try terminal.expect("Why skip it? ")
        terminal.type("checked by hand: it finished\r")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("✓ exit 0")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("log") == "started\nafter\n")
        let (_, run, events) = try store(sandbox)
        #expect(run.status == .completed)
        #expect(
            events.contains {
                if case .deviation(let d) = $0.payload { d.detail.contains("checked by hand") } else { false }
            })
    }

    /// A run another live runbook is running is not offered for resuming (the lease would
    /// refuse it); a new run starts beside it.
    @Test func aRunSomeoneIsRunningIsNotOfferedForResume() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", LiveRunnerTests.longStep)
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"])
        defer {
            kill(process.processIdentifier, SIGKILL)
            _ = out.fileHandleForReading.readDataToEndOfFile()
            _ = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
        }
        #expect(sandbox.waitFor("pgid"))
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("n")
        try terminal.expect("Nothing was run.")
        #expect(try terminal.waitForExit() == 0)
        #expect(!terminal.text.contains("An unfinished run"))
    }

    @Test func aStrictTranscriptSaysSoAndItsMismatchFailsTheStep() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ## Check
            ```console {id=check expect=strict}
            $ false
            [1]
            $ echo beta
            gamma
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("Step 1/1 · Check")
        try terminal.expect("checks 2 commands against the transcript")
        try terminal.expect("a mismatch fails the step")
        terminal.type("r")
        try terminal.expect("the output of the command on line 5 does not match the transcript\n(expect=strict)")
        try terminal.expect("-gamma")
        try terminal.expect("+beta")
        try terminal.expect("> ")
        terminal.type("q")
        try terminal.expect("End the run for good?")
        terminal.type("y")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 1)
        let (_, _, events) = try store(sandbox)
        #expect(
            events.contains {
                if case .stepFinished(let f) = $0.payload {
                    f.outcome == .failed && f.commands?.map(\.exitCode) == [1, 0]
                } else {
                    false
                }
            })
    }

    @Test func resumeAsksForTheSecretAgainWithoutEcho() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            variables:
              TOKEN: { secret: true, description: API token }
            ---
            ## Use it
            ```bash {id=use}
            printf '%s' "$TOKEN" > "$SANDBOX/token"
            ```
            """)
        let first = try start(sandbox, ["run", "book.md"])
        try first.expect("TOKEN (hidden): ")
        first.type("first-Secret-1\r")
        try first.expect("Start the run? [Y/n]")
        first.type("\r")
        try first.expect("Step 1/1 · Use it")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause? (optional) ")
        first.type("\r")
        try first.expect("Paused: paused by the operator.")
        #expect(try first.waitForExit() == 3)

        let second = try start(sandbox, ["resume"])
        try second.expect("Resuming run")
        try second.expect("TOKEN (hidden): ")
        second.type("second-Secret-2\r")
        try second.expect("Step 1/1 · Use it")
        try second.expect("> ")
        second.type("r")
        try second.expect("✓ exit 0")
        try second.expect("> ")
        second.type("\r")
        #expect(try second.waitForExit() == 0)
        #expect(sandbox.file("token") == "second-Secret-2")
        for terminal in [first, second] {
            #expect(!terminal.text.contains("Secret-"))
        }
        #expect(!(try sandbox.recordsBytes()).contains("Secret-"))
    }

    @Test func theShippedBackupDrillRunsInteractivelyWithin80Columns() throws {
        let sandbox = try CLISandbox()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let book = root.appendingPathComponent("runbooks/examples/backup-drill.md").path
        let terminal = try start(sandbox, ["run", book], environment: ["TMPDIR": sandbox.directory])
        try terminal.expect("TMPDIR [\(sandbox.directory)]: ")
        terminal.type("\r")
        try terminal.expect("Start the run? [Y/n]")
        terminal.type("\r")
        try terminal.expect("✓ the parent directory is writable")
        for number in 1...12 {
            try terminal.expect("Step \(number)/12 · ")
            try terminal.expect("> ")
            switch number {
            case 7:
                terminal.type("r")
                try terminal.expect("confirm> ")
                terminal.type("delete the sample data\r")
            case 11:
                terminal.type("d")
            case 12:
                terminal.type("r")
                try terminal.expect("[y/N] ")
                terminal.type("y")
            default:
                terminal.type("r")
            }
            if number != 11 { try terminal.expect("output as expected") }
        }
        try terminal.expect("✓ the drill left nothing behind")
        try terminal.expect("12 of 12 steps done, 0 skipped, 0 edited, 0 deviations")
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        // The tool's own lines fit in 80 columns; commands and their output are shown as written.
        let wide = terminal.lines.filter { line in
            line.count > 80 && !line.hasPrefix("  $ ") && !line.hasPrefix("    ") && !line.hasPrefix("│ ")
                && !line.hasPrefix("records: ")
        }
        #expect(wide.isEmpty, "lines wider than 80 columns: \(wide)")
        let (_, run, _) = try store(sandbox)
        #expect(run.status == .completed)
    }
}
