import Foundation
import RunbookDocument
import RunbookRecords
import Testing

@testable import RunbookExecution

/// One bash per run: what an operator pasting blocks into one terminal keeps — functions,
/// aliases, shell options — carries from step to step, and comes back on resume.
@Suite struct ShellSessionTests {
    @Test func aFunctionDefinedInStepTwoIsCalledInStepFive() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## One
            ```bash {id=one}
            true
            ```
            ## Two
            ```bash {id=two}
            greet() { echo "hello $1" > "$RUNBOOK_TEST_DIR/greeting.txt"; }
            ```
            ## Three
            ```bash {id=three}
            true
            ```
            ## Four
            ```bash {id=four}
            export LATER=yes
            ```
            ## Five
            ```bash {id=five}
            greet world
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("greeting.txt") == "hello world\n")
        #expect(outcome.state.session?.functions?.contains("greet ()") == true)
    }

    /// The session pads a step's text with blank lines so bash reports the runbook's own line
    /// numbers; the padding cost bash time quadratic in the line (seconds for a step 60,000
    /// lines down, milliseconds per step in an ordinary runbook).
    @Test func aStepFarDownTheFileKeepsItsLineNumberAndStartsAtOnce() throws {
        let sandbox = try Sandbox()
        let filler = String(repeating: "\n", count: 60_000)
        let outcome = try sandbox.run(
            "## One\n```bash {id=one}\ntrue\n```\n" + filler
                + "## Far\n```bash {id=far}\necho \"$LINENO\" > \"$RUNBOOK_TEST_DIR/line\"\n```\n")
        #expect(outcome.status == .completed)
        #expect(sandbox.file("line") == "60007\n")
        let seconds = try #require(outcome.state.steps["far"]?.durationSeconds)
        #expect(seconds < 1.5, "the step far down took \(seconds) s")
    }

    @Test func anAliasCarriesToTheNextStep() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Define
            ```bash {id=define}
            alias say='echo said'
            ```
            ## Use
            ```bash {id=use}
            say it > "$RUNBOOK_TEST_DIR/alias.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("alias.txt") == "said it\n")
        #expect(outcome.state.session?.aliases == "alias say='echo said'\n")
    }

    @Test func shellOptionsCarry() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/tree/a/b", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: sandbox.directory + "/tree/a/b/deep.txt", contents: Data())
        let outcome = try sandbox.run(
            """
            ## Globstar
            ```bash {id=globstar}
            shopt -s globstar
            ```
            ## Pipefail off
            ```console {id=pipefail}
            $ set -o pipefail
            ```
            ## Use
            ```bash {id=use}
            cd "$RUNBOOK_TEST_DIR/tree" && echo **/*.txt > "$RUNBOOK_TEST_DIR/glob.txt"
            ```
            ## Transcript
            ```console {id=transcript}
            $ false | true
            [1]
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("glob.txt") == "a/b/deep.txt\n")
        #expect(outcome.state.steps["transcript"]?.outcome == .succeeded)
        #expect(outcome.state.session?.shellOptions == ["set -o pipefail", "shopt -s globstar"])
    }

    @Test("A step's set +e is its own: the next step still stops at its first failure; other options it sets carry")
    func setEStaysPerStep() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Loosen
            ```bash {id=loosen}
            set +e
            shopt -s nullglob
            false
            echo still here > "$RUNBOOK_TEST_DIR/loosen.txt"
            ```
            ## Strict
            ```bash {id=strict}
            echo "globs: [$(echo "$RUNBOOK_TEST_DIR"/no-such-*)]" > "$RUNBOOK_TEST_DIR/strict.txt"
            false
            echo reached > "$RUNBOOK_TEST_DIR/reached.txt"
            ```
            """)
        #expect(outcome.status == .failed)
        #expect(sandbox.file("loosen.txt") == "still here\n")
        #expect(sandbox.file("strict.txt") == "globs: []\n")
        #expect(sandbox.file("reached.txt") == nil)
        #expect(outcome.state.steps["strict"]?.outcome == .failed)
    }

    /// A step that turned `set -e` off ends past its failing command: its own status is the
    /// last command's, and what it did before carries only when it succeeded.
    @Test("A step without set -e ends with its last command's status")
    func aStepWithoutSetEEndsWithItsLastStatus() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Loose
            ```bash {id=loose}
            set +e
            mkdir -p "$RUNBOOK_TEST_DIR/sub" && cd "$RUNBOOK_TEST_DIR/sub"
            export KEPT=yes
            false
            true
            ```
            ## Check
            ```bash {id=check}
            echo "$PWD $KEPT" > "$RUNBOOK_TEST_DIR/check.txt"
            ```
            ## Seven
            ```bash {id=seven}
            set +e
            export LOST=yes
            (exit 7)
            ```
            """)
        #expect(outcome.status == .failed)
        #expect(sandbox.file("check.txt") == sandbox.directory + "/sub yes\n")
        #expect(outcome.state.steps["seven"]?.outcome == .failed)
        #expect(outcome.state.steps["seven"]?.exitCode == 7)
        #expect(outcome.state.session?.exported["LOST"] == nil)
        #expect(outcome.state.session?.exported["KEPT"] == "yes")
    }

    /// A step's own EXIT trap (a clean-up, as scripts write it) runs when the step ends, and
    /// what the step exported still carries.
    @Test func aStepsOwnExitTrapRunsAndItsStateCarries() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Work
            ```bash {id=work}
            scratch="$(mktemp -d "$RUNBOOK_TEST_DIR/scratch.XXXXXX")"
            trap 'rm -rf "$scratch"; echo cleaned > "$RUNBOOK_TEST_DIR/cleaned.txt"' EXIT
            export AFTER=yes
            ```
            ## Check
            ```bash {id=check}
            echo "$AFTER" > "$RUNBOOK_TEST_DIR/after.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("cleaned.txt") == "cleaned\n")
        #expect(sandbox.file("after.txt") == "yes\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory)
        #expect(!left.contains { $0.hasPrefix("scratch.") })
    }

    /// A step's own EXIT trap (a clean-up) replaces the short trap runbook's wrapper sets, and
    /// what it prints is still the step's output, on both streams, after a plain end and after
    /// `exit 3`: the output ends when the step's process does, not when runbook's dump is done.
    @Test func whatAStepsOwnExitTrapPrintsIsItsOutput() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Plain
            ```bash {id=plain}
            trap 'echo "out: cleaned"; echo "err: cleaned" >&2' EXIT
            echo working
            ```
            ## Exits
            ```bash {id=exits}
            trap 'echo "out: exiting"; echo "err: exiting" >&2' EXIT
            exit 3
            ```
            """)
        func printed(_ id: String, _ stream: OutputStreamKind) -> String? {
            outcome.state.steps[id]?.outputs.first { $0.stream == stream }?.text
        }
        #expect(printed("plain", .stdout) == "working\nout: cleaned\n")
        #expect(printed("plain", .stderr) == "err: cleaned\n")
        #expect(printed("exits", .stdout) == "out: exiting\n")
        #expect(printed("exits", .stderr) == "err: exiting\n")
        #expect(outcome.state.steps["exits"]?.exitCode == 3)
    }

    /// What a step left running in its group (`cmd &`) is hung up when the run ends, as
    /// closing a terminal would.
    @Test(.timeLimit(.minutes(1))) func whatAStepLeftRunningIsHungUpAtTheEnd() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Start
            ```bash {id=start}
            sleep 30 >/dev/null 2>&1 &
            echo $BASHPID > "$RUNBOOK_TEST_DIR/group"
            ```
            ## Next
            ```bash {id=next}
            true
            ```
            """)
        #expect(outcome.status == .completed)
        let group = try #require(Int32(sandbox.file("group")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        var waited = 0
        while !ProcessGroup.isGone(group), waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(ProcessGroup.isGone(group), "left running: \(ProcessGroup.liveMembers(group))")
        ProcessGroup.signal(group, SIGKILL)
    }

    /// `set -o noclobber` carries like any option, and the dump still overwrites the state file.
    @Test func noclobberCarriesAndTheStateStillDoes() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Careful
            ```bash {id=careful}
            set -o noclobber
            export CAREFUL=yes
            ```
            ## Next
            ```bash {id=next}
            echo "$CAREFUL $-" > "$RUNBOOK_TEST_DIR/next.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("next.txt")?.hasPrefix("yes ") == true)
        #expect(sandbox.file("next.txt")?.contains("C") == true)
    }

    @Test("A step's set -e does not reach a transcript: its commands still run one by one with their own status")
    func setEDoesNotReachTranscripts() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Strict
            ```bash {id=strict}
            set -e
            ```
            ## Transcript
            ```console {id=transcript}
            $ false
            [1]
            $ echo after
            after
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(outcome.state.steps["transcript"]?.commands?.map(\.exitCode) == [1, 0])
    }

    @Test func aResumedRunCallsAFunctionDefinedBeforeThePause() throws {
        let sandbox = try Sandbox()
        let text = """
            ## Define
            ```bash {id=define}
            shopt -s extglob
            pick() { case "$1" in @(a|b)) echo "picked $1" >> "$RUNBOOK_TEST_DIR/log.txt";; esac; }
            alias again='pick b'
            ```
            ## Use
            ```bash {id=use}
            pick a
            again
            ```
            """
        let paused = try sandbox.run(
            text, driver: ScriptedDriver([.init(step: "use", when: .proposal, .pause(reason: "break"))]))
        #expect(paused.status == .paused)
        let book = try sandbox.runbook(text)
        let variables = try VariableResolver(declared: [], environment: [:]).resolve()
        let resumed = try Engine.resume(
            runID: paused.runID, runbook: book, text: text, changes: [], store: sandbox.store, variables: variables,
            driver: ScriptedDriver(), options: sandbox.options()
        ).run()
        #expect(resumed.status == .completed)
        #expect(sandbox.file("log.txt") == "picked a\npicked b\n")
    }

    @Test("A timeout ends the step's whole group, and the session runs the next step")
    func timeoutEndsTheGroupAndTheSessionGoesOn() throws {
        let sandbox = try Sandbox()
        let driver = ScriptedDriver([.init(step: "slow", when: .failure, .skip(reason: "too slow"))])
        let outcome = try sandbox.run(
            """
            ## Slow
            ```bash {id=slow timeout=1s}
            helper() { sleep 300; }
            echo $BASHPID > "$RUNBOOK_TEST_DIR/group"
            helper & sleep 300
            ```
            ## After
            ```bash {id=after}
            echo after > "$RUNBOOK_TEST_DIR/after.txt"
            ```
            """, driver: driver)
        #expect(outcome.state.steps["slow"]?.attempts.last?.outcome == .timedOut)
        #expect(outcome.state.steps["slow"]?.attempts.last?.finish?.signal == Int(SIGTERM))
        let group = try #require(Int32(sandbox.file("group")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(ProcessGroup.isGone(group), "left running: \(ProcessGroup.liveMembers(group))")
        #expect(sandbox.file("after.txt") == "after\n")
    }

    @Test("A step that ends the session shell itself fails; the next step gets a new session with what carried")
    func aStepEndingTheSessionFailsAndTheNextGetsANewOne() throws {
        let sandbox = try Sandbox()
        let driver = ScriptedDriver([.init(step: "end", when: .failure, .skip(reason: "it ended the shell"))])
        let outcome = try sandbox.run(
            """
            ## Define
            ```bash {id=define}
            mark() { echo marked > "$RUNBOOK_TEST_DIR/mark.txt"; }
            ```
            ## End
            ```bash {id=end}
            kill -KILL $$
            ```
            ## Use
            ```bash {id=use}
            mark
            ```
            """, driver: driver)
        #expect(outcome.status == .completed)
        #expect(outcome.state.steps["end"]?.attempts.last?.outcome == .failed)
        #expect(sandbox.file("mark.txt") == "marked\n")
    }

    /// The step's child can end the session before the session prints the step's pid: the
    /// step then ran and failed, it did not fail to start. Repeated, because which of the two
    /// processes runs first is up to the scheduler.
    @Test("A step that ends the session before it is reported still counts as run and failed")
    func aStepEndingTheSessionAtOnceIsFailedEveryTime() throws {
        for _ in 0..<25 {
            let sandbox = try Sandbox()
            let driver = ScriptedDriver([.init(step: "end", when: .failure, .skip(reason: "it ended the shell"))])
            let outcome = try sandbox.run(
                """
                ## End
                ```bash {id=end}
                kill -KILL $$
                ```
                ## After
                ```bash {id=after}
                true
                ```
                """, driver: driver)
            #expect(outcome.status == .completed)
            #expect(outcome.state.steps["end"]?.attempts.last?.outcome == .failed)
        }
    }

    @Test func secretsAreInNoStateFileAndNotInTheRecordInClear() throws {
        let sandbox = try Sandbox()
        let text = """
            ---
            variables:
              TOKEN: { secret: true }
            ---
            ## Define
            ```bash {id=define}
            eval "use_token() { echo 'token is $TOKEN' > /dev/null; }"
            alias show_token="echo $TOKEN"
            export COPY="x-$TOKEN"
            ```
            ## Look
            ```bash {id=look}
            grep -rl "s3cr3t-value" "$(dirname "$__runbook_state")" > "$RUNBOOK_TEST_DIR/found.txt" || true
            ls -A "$(dirname "$__runbook_state")" > "$RUNBOOK_TEST_DIR/listing.txt"
            use_token
            ```
            """
        let book = try sandbox.runbook(text)
        let variables = try VariableResolver(
            declared: book.variables, options: ["TOKEN": "s3cr3t-value"], environment: [:]
        ).resolve()
        let outcome = try Engine.start(
            runbook: book, text: text, store: sandbox.store, variables: variables, driver: ScriptedDriver(),
            observer: sandbox.observer, options: sandbox.options()
        ).run()
        #expect(outcome.status == .completed)
        #expect(sandbox.file("found.txt") == "")
        #expect(sandbox.file("listing.txt")?.isEmpty == false)
        let session = try #require(outcome.state.session)
        #expect(session.functions?.contains("[secret:TOKEN]") == true)
        #expect(session.aliases?.contains("[secret:TOKEN]") == true)
        #expect(!sandbox.databaseBytes().contains(Data("s3cr3t-value".utf8)))
    }

    @Test("An imported run's functions and aliases are not applied on resume; its options are only set/shopt commands")
    func importedDefinitionsAreNotApplied() throws {
        var snapshot = SessionSnapshot(workingDirectory: "/")
        snapshot.functions = "f () \n{ \n    echo f\n}\n"
        snapshot.aliases = "alias ls='rm -rf'\n"
        snapshot.shellOptions = ["shopt -s globstar", "set -o noexec", "shopt -s x; touch /tmp/p"]
        let applied = SessionEnvironmentPolicy.applicable(snapshot, imported: true)
        #expect(applied.functions == nil && applied.aliases == nil)
        let state = SessionState(restoring: applied, baseline: [:], redactor: Redactor(secrets: [:]))
        #expect(state.definitions == "shopt -s globstar\n")
        let own = SessionState(
            restoring: SessionEnvironmentPolicy.applicable(snapshot), baseline: [:], redactor: Redactor(secrets: [:]))
        #expect(own.definitions.contains("f () "))
    }
}
