import Foundation
import Testing

/// Secrets under `--auto` from a file or a command (issue 14): `--var` shows in `ps`; these do
/// not, and their values are treated as secrets — never stored, redacted everywhere.
@Suite("--var-file and --var-command")
struct SecretSourceTests {
    static let book = """
        ---
        id: secret-sources
        variables:
          TOKEN: { description: The API token }
        ---
        # Secret sources
        ## Use the token
        ```bash {id=use}
        echo "token=$TOKEN" > "$SANDBOX/seen"
        echo "using $TOKEN and $EXTRA"
        ```
        """

    /// Every place the value could leak to: the run's output, the records file, the exports.
    static func expectNowhere(
        _ value: String, _ sandbox: CLISandbox, _ result: CLISandbox.Result,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(
            !result.stdout.contains(value) && !result.stderr.contains(value), "\(result.stdout)\(result.stderr)",
            sourceLocation: sourceLocation)
        #expect(
            !(try sandbox.recordsBytes()).contains(value), "the records hold the value", sourceLocation: sourceLocation)
        for format in ["md", "json", "html"] {
            let export = try sandbox.run(["export", "--format", format, try SecretSourceTests.runID(sandbox)])
            #expect(!export.stdout.contains(value), "\(format) export", sourceLocation: sourceLocation)
        }
    }

    static func runID(_ sandbox: CLISandbox) throws -> String {
        let json = try sandbox.run(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        return try #require(runs.first?["id"] as? String)
    }

    @Test("from a file: the step gets the value; output, records and exports never show it")
    func fromAFile() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", SecretSourceTests.book)
        try sandbox.write("token.txt", "tok-from-file-4711\n")
        try sandbox.write("extra.txt", "extra-from-file-0815")
        let result = try sandbox.run([
            "run", "--auto", "--var-file", "TOKEN=token.txt", "--var-file", "EXTRA=extra.txt", "book.md",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.file("seen") == "token=tok-from-file-4711\n", "one final newline dropped")
        #expect(result.stdout.contains("using [secret:TOKEN] and [secret:EXTRA]"), "\(result.stdout)")
        try SecretSourceTests.expectNowhere("tok-from-file-4711", sandbox, result)
        try SecretSourceTests.expectNowhere("extra-from-file-0815", sandbox, result)
    }

    @Test("from a command: what it prints is the value, treated as a secret")
    func fromACommand() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", SecretSourceTests.book)
        let result = try sandbox.run([
            "run", "--auto", "--var-command", "TOKEN=printf 'tok-from-cmd-%s\\n' 99", "--var", "EXTRA=plain", "book.md",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.file("seen") == "token=tok-from-cmd-99\n")
        try SecretSourceTests.expectNowhere("tok-from-cmd-99", sandbox, result)
    }

    @Test("a command that fails, or an unreadable file, stops before anything runs or is recorded")
    func failuresStopBeforeTheRun() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", SecretSourceTests.book)
        let failing = try sandbox.run([
            "run", "--auto", "--var-command", "TOKEN=echo leaked-secret-text; exit 7", "book.md",
        ])
        #expect(failing.status == 2)
        #expect(
            failing.stderr.contains("--var-command TOKEN: the command failed (exit status 7); nothing was run."),
            "\(failing.stderr)")
        #expect(!failing.stderr.contains("leaked-secret-text"))
        let missing = try sandbox.run(["run", "--auto", "--var-file", "TOKEN=nope.txt", "book.md"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--var-file TOKEN: cannot read nope.txt"), "\(missing.stderr)")
        #expect(sandbox.file("seen") == nil)
        #expect(try sandbox.recordsUntouched())
    }

    @Test("a dry run does not run the command and shows the value as a secret")
    func dryRunRunsNoCommand() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", SecretSourceTests.book)
        let result = try sandbox.run(
            ["run", "--dry-run", "--var-command", "TOKEN=touch \"$SANDBOX/ran\"; echo x", "book.md"], withRecords: false
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(sandbox.file("ran") == nil, "a dry run runs nothing")
        #expect(result.stdout.contains("TOKEN=[secret:TOKEN]  (--var-command)"), "\(result.stdout)")
    }
}
