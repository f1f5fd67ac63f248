import Foundation
import RunbookDocument
import RunbookExecution
import RunbookRecords
import Testing

/// Console transcripts run command by command, as cram runs a `.t` file; expected output that
/// counts (validation, `expect=strict`) fails its step.
@Suite struct TranscriptTests {
    private func finished(_ sandbox: Sandbox, _ runID: String, step: String) throws -> StepFinishedPayload? {
        try sandbox.store.events(of: runID).compactMap { event -> StepFinishedPayload? in
            guard event.stepID == step, case .stepFinished(let payload) = event.payload else { return nil }
            return payload
        }.last
    }

    private func document(_ body: String, frontMatter: String = "") -> String {
        "---\ntitle: T\n\(frontMatter)---\n\n# T\n\n" + body
    }

    @Test("Each $ command gets its own verdict; a mismatch is a deviation, not the end of the block")
    func perCommandVerdicts() throws {
        let sandbox = try Sandbox()
        let text = document(
            """
            ## Check
            ```console {id=check}
            $ echo one
            one
            $ echo two
            deux
            $ echo three > three.txt
            ```

            """)
        let outcome = try sandbox.run(text)
        #expect(outcome.status == .completed)
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.outcome == .succeeded)
        #expect(payload.commands?.map(\.matched) == [true, false, true])
        #expect(outcome.state.steps["check"]?.commands == payload.commands)
        #expect(payload.commands?.map(\.exitCode) == [0, 0, 0])
        #expect(payload.commands?.map(\.line) == [9, 11, 13])
        #expect(payload.commands?[1].diff == "--- expected\n+++ actual\n-deux\n+two\n")
        #expect(sandbox.file("three.txt") == "three\n")
        #expect(outcome.state.deviations.map(\.deviation.kind) == [.outputMismatch])
        #expect(outcome.state.deviations.first?.deviation.detail.contains("$ echo two (line 11)") == true)
    }

    @Test("A written [N] exit status passes; the same command without it fails and stops the block")
    func exitStatusLines() throws {
        let sandbox = try Sandbox()
        let passing = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ grep -q absent /dev/null
                [1]
                $ echo after
                after
                ```

                """))
        #expect(passing.status == .completed)
        #expect(try finished(sandbox, passing.runID, step: "check")?.commands?.map(\.exitCode) == [1, 0])

        let failing = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ grep -q absent /dev/null
                $ echo after > after.txt
                after
                ```

                """))
        #expect(failing.status == .failed)
        let payload = try #require(try finished(sandbox, failing.runID, step: "check"))
        #expect(payload.outcome == .failed)
        #expect(payload.commands?.map(\.exitCode) == [1, nil])
        #expect(payload.commands?.map(\.matched) == [true, nil])
        #expect(payload.error == "the command on line 9 exited 1; the transcript expects 0 (no [N] line)")
        #expect(sandbox.file("after.txt") == nil)
    }

    @Test("A command that succeeds where the transcript writes [2] fails the step")
    func unexpectedSuccess() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ true
                [2]
                ```

                """))
        #expect(outcome.status == .failed)
        #expect(
            try finished(sandbox, outcome.runID, step: "check")?.error
                == "the command on line 9 exited 0; the transcript expects [2]")
    }

    @Test("Continuation lines keep heredocs, functions and loops whole; the session carries between commands")
    func continuationsAndSession() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ cat <<EOF
                > first
                > second
                > EOF
                first
                second
                $ greet() {
                >   echo "hello $1"
                > }
                $ for n in 1 2; do
                >   greet "$n"
                > done
                hello 1
                hello 2
                $ mkdir -p sub && cd sub && export WHERE=here
                $ echo "$(basename "$PWD") $WHERE"
                sub here
                ```

                """))
        #expect(outcome.status == .completed)
        #expect(outcome.state.deviations.isEmpty)
        #expect(outcome.state.session?.workingDirectory == sandbox.directory + "/sub")
    }

    @Test("stderr lines interleave with stdout in the order written, whichever pipe was read first")
    func interleavedStreams() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ echo out1; echo err1 >&2; echo out2; echo err2 >&2
                out1
                err1
                out2
                err2
                $ echo only-err >&2
                only-err
                $ echo hidden >&2
                ```

                """))
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.commands?.map(\.matched) == [true, true, false])
        // The records keep the two streams apart.
        let outputs = outcome.state.steps["check"]?.outputs ?? []
        #expect(outputs.first { $0.stream == .stdout }?.text == "out1\nout2\n")
        #expect(outputs.first { $0.stream == .stderr }?.text == "err1\nerr2\nonly-err\nhidden\n")
    }

    @Test("Empty expected output is checked, and blank and trailing-space lines are exact")
    func exactWhitespace() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ printf '\\nfoo\\n'

                foo
                $ echo 'end  '
                end
                $ true
                $ echo surprise
                ```

                """))
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.commands?.map(\.matched) == [true, false, true, false])
    }

    @Test("Output that is not UTF-8 matches an (esc) line and is stored exactly, shown escaped")
    func nonUTF8Output() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ printf 'caf\\351\\n'
                caf\\xe9 (esc)
                ```

                """))
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.commands?.map(\.matched) == [true])
        let stdout = try #require(outcome.state.steps["check"]?.outputs.first { $0.stream == .stdout })
        #expect(stdout.text == "caf\\xe9\n")
        #expect(stdout.base64.flatMap { Data(base64Encoded: $0) } == Data([0x63, 0x61, 0x66, 0xE9, 0x0A]))
    }

    @Test("Output a command prints without a line feed is cut at its marker and read as (no-eol)")
    func noEOLBetweenCommands() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ printf 'no newline'
                no newline (no-eol)
                $ echo next
                next
                ```

                """))
        #expect(outcome.status == .completed)
        #expect(outcome.state.deviations.isEmpty)
    }

    @Test("expect=strict on a block, or expect: strict in the front matter, makes a mismatch fail the step")
    func strictExpectation() throws {
        let block = """
            ## Check
            ```console {id=check EXPECT}
            $ echo actual
            expected
            ```

            """
        let sandbox = try Sandbox()
        let lenient = try sandbox.run(document(block.replacingOccurrences(of: " EXPECT", with: "")))
        #expect(lenient.status == .completed)
        let strict = try sandbox.run(document(block.replacingOccurrences(of: "EXPECT", with: "expect=strict")))
        #expect(strict.status == .failed)
        #expect(
            try finished(sandbox, strict.runID, step: "check")?.error
                == "the output of the command on line 9 does not match the transcript (expect=strict)")
        let fromFrontMatter = try sandbox.run(
            document(block.replacingOccurrences(of: " EXPECT", with: ""), frontMatter: "expect: strict\n"))
        #expect(fromFrontMatter.status == .failed)
        let overridden = try sandbox.run(
            document(
                block.replacingOccurrences(of: "EXPECT", with: "expect=deviation"), frontMatter: "expect: strict\n"))
        #expect(overridden.status == .completed)
    }

    @Test("An output block under expect=strict fails its step on a mismatch")
    func strictOutputBlock() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```bash {id=check expect=strict}
                echo actual
                ```
                ```output
                expected
                ```

                """))
        #expect(outcome.status == .failed)
        #expect(outcome.state.steps["check"]?.outcome == .failed)
    }

    @Test("A validation check whose output does not match its expect fails, and the run is not validated")
    func validationExpectFails() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                "",
                frontMatter: """
                    validation:
                      - name: says bar
                        run: echo foo
                        expect: bar

                    """))
        #expect(outcome.status == .failed)
        let check = try #require(outcome.state.steps.values.first { $0.phase == .validation })
        #expect(check.outcome == .failed)
        #expect(check.exitCode == 0)
        #expect(check.match?.matched == false)

        let passing = try sandbox.run(
            document(
                "",
                frontMatter: """
                    validation:
                      - name: says foo
                        run: echo foo
                        expect: foo

                    """))
        #expect(passing.status == .completed)
    }

    @Test("Marker-looking output and a command that ends the shell do not confuse the verdicts")
    func shellEndsInsideACommand() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ printf '\\036runbook-fake:9:0\\n'
                \\x1erunbook-fake:9:0 (esc)
                $ exit 3
                [3]
                ```

                """))
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.commands?.map(\.matched) == [true, true])
        #expect(payload.commands?.map(\.exitCode) == [0, 3])
        #expect(outcome.status == .completed)
    }

    @Test("Declared variables expand in expected output; a secret expands to how redacted output shows it")
    func variablesInExpectedOutput() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check expect=strict}
                $ echo "pool $POOL, token $TOKEN"
                pool $POOL, token $TOKEN
                ```

                """, frontMatter: "variables:\n  POOL: tank\n  TOKEN: { secret: true }\n"), vars: ["TOKEN": "hunter2"])
        #expect(outcome.status == .completed)
        let stdout = outcome.state.steps["check"]?.outputs.first { $0.stream == .stdout }?.text
        #expect(stdout == "pool tank, token [secret:TOKEN]\n")
    }

    @Test(
        "Commands run as at a terminal: no -u, no pipefail, no -e inside a command; the block still stops on a surprise"
    )
    func terminalSemantics() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            document(
                """
                ## Check
                ```console {id=check}
                $ echo "[$NOT_SET_ANYWHERE]"
                []
                $ false | true
                $ false; echo "still here"
                still here
                $ false
                $ echo unreachable > unreachable.txt
                ```

                """))
        let payload = try #require(try finished(sandbox, outcome.runID, step: "check"))
        #expect(payload.commands?.map(\.exitCode) == [0, 0, 0, 1, nil])
        #expect(payload.commands?.map(\.matched) == [true, true, true, true, nil])
        #expect(payload.outcome == .failed)
        #expect(sandbox.file("unreachable.txt") == nil)
    }
}
