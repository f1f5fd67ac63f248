import Foundation
import RunbookDocument
import RunbookRecords
import Testing

@testable import RunbookExecution

@Suite struct EngineTests {
    @Test func carriesExportsAndDirectoryLikeOneShell() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## One
            ```bash {id=one}
            export CARRIED="a b"
            mkdir -p "$RUNBOOK_TEST_DIR/work" && cd "$RUNBOOK_TEST_DIR/work"
            ```
            ## Two
            ```bash {id=two}
            echo "$CARRIED|$(pwd)" > "$RUNBOOK_TEST_DIR/two.txt"
            unset CARRIED
            ```
            ## Three
            ```bash {id=three}
            echo "${CARRIED-unset}" > "$RUNBOOK_TEST_DIR/three.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("two.txt") == "a b|\(sandbox.directory)/work\n")
        #expect(sandbox.file("three.txt") == "unset\n")
        #expect(outcome.state.session?.workingDirectory == sandbox.directory + "/work")
    }

    @Test func aFailedPrerequisiteCanBeOverriddenWithAReason() throws {
        let sandbox = try Sandbox()
        let driver = ScriptedDriver([
            .init(step: "tool", when: .failure, .override(reason: "the builtin does it")),
            .init(step: "work", when: .proposal, .override(reason: "not a prerequisite")),
        ])
        let outcome = try sandbox.run(
            """
            ---
            prerequisites:
              - name: tool
                run: "false"
            ---
            ## Work
            ```bash {id=work}
            true
            ```
            """, driver: driver)
        // Overriding is only offered after a prerequisite failed: elsewhere the engine pauses.
        let failure = try #require(driver.requests.first { if case .failed = $0.situation { true } else { false } })
        let work = try #require(driver.requests.first { $0.step.step.id == "work" })
        #expect(failure.step.step.id == "tool" && failure.allowed.contains(.override))
        #expect(!driver.requests[0].allowed.contains(.override)) // the prerequisite before it ran
        #expect(!work.allowed.contains(.override))
        #expect(outcome.status == .paused)
        #expect(outcome.state.isDone("tool"))
        #expect(outcome.state.steps["tool"]?.skip?.reason == "the builtin does it")
        #expect(outcome.state.deviations.map(\.deviation.kind) == [.overridden])
        #expect(
            outcome.state.deviations.first?.deviation.detail
                == "went on although the prerequisite failed: the builtin does it")
    }

    @Test func failureThenRetryEditAndSkipAreRecorded() throws {
        let sandbox = try Sandbox()
        let driver = ScriptedDriver([
            .init(step: "flaky", when: .failure, .retry),
            .init(step: "flaky", when: .failure, .edit("echo fixed")),
            .init(step: "broken", when: .failure, .note("known issue")),
            .init(step: "broken", when: .failure, .skip(reason: "ticket 42")),
        ])
        let outcome = try sandbox.run(
            """
            ## Flaky
            ```bash {id=flaky}
            exit 3
            ```
            ## Broken
            ```bash {id=broken}
            false
            ```
            """, driver: driver)
        #expect(outcome.status == .completed)
        let flaky = try #require(outcome.state.steps["flaky"])
        #expect(flaky.attemptCount == 3)
        #expect(flaky.editedCommand == "echo fixed")
        #expect(outcome.state.steps["broken"]?.skip?.reason == "ticket 42")
        #expect(outcome.state.notes.map(\.text) == ["known issue"])
        #expect(outcome.state.deviations.map(\.deviation.kind) == [.edited, .skipped])
        if case .failed(let result) = driver.requests[1].situation {
            #expect(result.exitCode == 3)
        } else {
            Issue.record("the second request should report the failure")
        }
    }

    @Test func rollbackRunsWhatUndoesCompletedStepsInReverse() throws {
        let sandbox = try Sandbox()
        let driver = ScriptedDriver([.init(step: "c", when: .failure, .rollback)])
        let outcome = try sandbox.run(
            """
            ## A
            ```bash {id=a}
            true
            ```
            ## B
            ```bash {id=b}
            true
            ```
            ## C
            ```bash {id=c}
            false
            ```
            ## Rollback
            ```bash {id=undo-a undoes=a}
            echo undo-a >> "$RUNBOOK_TEST_DIR/rollback.txt"
            ```
            ```bash {id=undo-b undoes=b}
            echo undo-b >> "$RUNBOOK_TEST_DIR/rollback.txt"
            ```
            ```bash {id=undo-c undoes=c}
            echo undo-c >> "$RUNBOOK_TEST_DIR/rollback.txt"
            ```
            """, driver: driver)
        #expect(outcome.status == .rolledBack)
        #expect(sandbox.file("rollback.txt") == "undo-b\nundo-a\n")
        #expect(outcome.state.rollbackPlan == ["undo-b", "undo-a"])
    }

    @Test func variableValuesReachStepsUnchangedAndRunNothing() throws {
        let sandbox = try Sandbox()
        let marker = sandbox.directory + "/injected"
        let nasty = "it's \"quoted\" $(touch \(marker)) `touch \(marker)` ; touch \(marker)\nsecond line $HOME"
        let outcome = try sandbox.run(
            """
            ---
            variables:
              VALUE: { default: x }
            ---
            ## Echo
            ```bash {id=echo}
            printf '%s' "$VALUE" > "$RUNBOOK_TEST_DIR/value.txt"
            ```
            """, vars: ["VALUE": nasty])
        #expect(outcome.status == .completed)
        #expect(sandbox.file("value.txt") == nasty)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func secretsNeverReachTheRecordsOrTheOutput() throws {
        let sandbox = try Sandbox()
        let secret = "s3cr3t-Value-9731"
        let outcome = try sandbox.run(
            """
            ---
            variables:
              TOKEN: { secret: true }
            ---
            ## Use
            ```bash {id=use}
            echo "token=$TOKEN"
            echo "again $TOKEN" >&2
            export COPY="prefix-$TOKEN"
            ```
            ## Later
            ```bash {id=later}
            echo "copy=$COPY"
            ```
            """, vars: ["TOKEN": secret])
        #expect(outcome.status == .completed)
        let bytes = sandbox.databaseBytes()
        #expect(bytes.range(of: Data(secret.utf8)) == nil)
        #expect(bytes.range(of: Data("[secret:TOKEN]".utf8)) != nil)
        #expect(sandbox.observer.output.range(of: Data(secret.utf8)) == nil)
        #expect(String(decoding: sandbox.observer.output, as: UTF8.self).contains("copy=prefix-[secret:TOKEN]"))
        #expect(outcome.state.session?.exported["COPY"] == "prefix-[secret:TOKEN]")
        #expect(outcome.state.session?.exported["TOKEN"] == nil)
    }

    @Test func resumeContinuesAtTheFirstStepNotDoneWithTheSession() throws {
        let sandbox = try Sandbox()
        let text = """
            ## One
            ```bash {id=one}
            export FROM_ONE=yes
            echo one >> "$RUNBOOK_TEST_DIR/log.txt"
            ```
            ## Two
            ```bash {id=two}
            echo "two $FROM_ONE" >> "$RUNBOOK_TEST_DIR/log.txt"
            ```
            """
        let paused = try sandbox.run(
            text, driver: ScriptedDriver([.init(step: "two", when: .proposal, .pause(reason: "break"))]))
        #expect(paused.status == .paused)
        let book = try sandbox.runbook(text)
        let variables = try VariableResolver(declared: [], environment: [:]).resolve()
        let resumed = try Engine.resume(
            runID: paused.runID, runbook: book, text: text, changes: [], store: sandbox.store, variables: variables,
            driver: ScriptedDriver(), options: sandbox.options()
        ).run()
        #expect(resumed.status == .completed)
        #expect(sandbox.file("log.txt") == "one\ntwo yes\n")
        #expect(resumed.state.resumeCount == 1)
    }

    @Test func autoDriverPausesAtStepsThatNeedAPerson() throws {
        let sandbox = try Sandbox()
        let text = """
            ## Wipe
            ```bash {id=wipe confirm=true}
            echo wiped > "$RUNBOOK_TEST_DIR/wiped.txt"
            ```
            - [ ] Tell the team
            """
        let refused = try sandbox.run(text, driver: AutoDriver())
        #expect(refused.status == .paused)
        #expect(sandbox.file("wiped.txt") == nil)
        let allowed = try sandbox.run(text, driver: AutoDriver(allowDestructive: true))
        #expect(allowed.status == .paused)
        #expect(sandbox.file("wiped.txt") == "wiped\n")
        let confirmed = try sandbox.run(text, driver: AutoDriver(preconfirmed: true))
        #expect(confirmed.status == .completed)
        let events = try sandbox.store.events(of: confirmed.runID)
        #expect(
            events.contains {
                if case .confirmed(let c) = $0.payload {
                    c.method == .preconfirmed && c.requirement == "manual"
                } else {
                    false
                }
            })
    }

    @Test func excludedAndFromStepsAreSkippedWithReasons() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Prereq
            - [ ] unused
            ## A
            ```bash {id=a}
            echo a >> "$RUNBOOK_TEST_DIR/ran.txt"
            ```
            ## B
            ```bash {id=b excludeFromRunAll=true}
            echo b >> "$RUNBOOK_TEST_DIR/ran.txt"
            ```
            ## C
            ```bash {id=c}
            echo c >> "$RUNBOOK_TEST_DIR/ran.txt"
            ```
            """, startStep: "b")
        #expect(outcome.status == .completed)
        #expect(sandbox.file("ran.txt") == "c\n")
        #expect(outcome.state.steps["a"]?.skip?.why == .beforeStart)
        #expect(outcome.state.steps["b"]?.skip?.why == .excluded)
    }

    static let needsOpenZFS = """
        ## A
        ```bash {id=a}
        echo a >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ## B
        ```bash {id=b requires="openzfs, zfs-diff"}
        echo b >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ## C
        ```bash {id=c requires=systemd}
        echo c >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ## Rollback
        ```bash {id=undo-a undoes=a requires=openzfs}
        echo undo >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        """

    @Test func stepsRequiringAMissingCapabilityAreSkippedWithTheReason() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(Self.needsOpenZFS, missing: ["zfs-diff"])
        #expect(outcome.status == .completed)
        #expect(sandbox.file("ran.txt") == "a\nc\n")
        let skip = outcome.state.steps["b"]?.skip
        #expect(skip?.why == .missingCapability)
        #expect(skip?.reason == "requires zfs-diff, which this run declared missing (--without)")
        #expect(outcome.state.steps["c"]?.skip == nil)
    }

    @Test func stepsRequiringCapabilitiesRunWhenNoneIsDeclaredMissing() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(Self.needsOpenZFS)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("ran.txt") == "a\nb\nc\n")
    }

    @Test func aRollbackStepRequiringAMissingCapabilityIsSkippedAndTheRollbackIsIncomplete() throws {
        let sandbox = try Sandbox()
        let book = Self.needsOpenZFS.replacingOccurrences(of: "echo c >>", with: "false; echo c >>")
        let driver = ScriptedDriver([.init(step: "c", when: .failure, .rollback)])
        let outcome = try sandbox.run(book, driver: driver, missing: ["openzfs"])
        #expect(sandbox.file("ran.txt") == "a\n")
        #expect(outcome.state.steps["undo-a"]?.skip?.why == .missingCapability)
        #expect(outcome.status == .failed)
    }

    @Test func expectedOutputMismatchIsADeviationNotAFailure() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Check
            ```console
            $ echo hello; echo world
            hello
            planet
            ```
            """)
        #expect(outcome.status == .completed)
        let step = try #require(outcome.state.steps.values.first)
        #expect(step.match?.matched == false)
        #expect(step.match?.diff?.contains("-planet\n+world") == true)
        #expect(outcome.state.deviations.first?.deviation.kind == .outputMismatch)
    }

    @Test func hugeOutputIsCappedInTheRecord() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Big
            ```bash {id=big}
            head -c 20000000 /dev/zero | tr '\\0' 'x'
            ```
            """)
        let output = try #require(outcome.state.steps["big"]?.outputs.first)
        #expect(output.totalBytes == 20_000_000)
        #expect(output.droppedBytes == 20_000_000 - 128 * 1024)
        #expect(output.text.utf8.count < 140 * 1024)
        #expect(sandbox.observer.output.count == 20_000_000)
    }

    @Test func interactiveStepsGetATerminal() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## Tty
            ```bash {id=tty interactive=true}
            test -t 0 && test -t 1 && echo on-a-terminal
            ```
            """)
        #expect(outcome.status == .completed)
        let output = try #require(outcome.state.steps["tty"]?.outputs.first)
        #expect(output.stream == .terminal)
        #expect(output.text.contains("on-a-terminal"))
    }
}
