import Foundation
import Testing

/// Expected output that can fail, end to end through the built binary.
@Suite(.serialized) struct ExpectedOutputCLITests {
    @Test("A validation check whose output differs from its expect: fails the run with exit 1 and says why")
    func validationMismatchFailsTheRun() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            title: Check
            validation:
              - name: says bar
                run: echo foo
                expect: bar
            ---
            ## Work
            ```bash
            true
            ```
            """)
        let result = try sandbox.run(["run", "--auto", "--yes", "book.md"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("failed: the check's output does not match what it expects"))
        #expect(result.stderr.contains("-bar\n") && result.stderr.contains("+foo\n"))
        #expect(!result.stderr.contains("completed"))
    }

    @Test("A cram-style transcript with a documented failure runs to the end; a wrong [N] fails with the line")
    func transcriptExitStatuses() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "ok.md",
            """
            ## Check
            ```console
            $ sh -c 'echo "no such disk" >&2; exit 2'
            no such disk
            [2]
            $ echo done
            done
            ```
            """)
        let ok = try sandbox.run(["run", "--auto", "--yes", "ok.md"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "done\n")
        try sandbox.write(
            "wrong.md",
            """
            ## Check
            ```console
            $ true
            [1]
            $ echo never
            never
            ```
            """)
        let wrong = try sandbox.run(["run", "--auto", "--yes", "wrong.md"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("failed: the command on line 3 exited 0; the transcript expects [1]"))
        #expect(!wrong.stdout.contains("never"))
    }
}
