import Foundation
import Testing

/// Where secrets leaked: a working directory, an error text, `show --json`, a records file
/// others could read.
@Suite("Secrets are not stored, shown or left readable")
struct SecretLeakTests {
    /// Every byte of the records (database and WAL, or the server's dump of them) as text, to
    /// search for a value; records that cannot be read fail the test.
    static func recordBytes(_ sandbox: CLISandbox, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            return try sandbox.recordsBytes()
        } catch {
            Issue.record("cannot read the records to search them: \(error)", sourceLocation: sourceLocation)
            return ""
        }
    }

    @Test("a secret in a directory a step cd's into, and in cwd=, is redacted in the records and the log")
    func secretInWorkingDirectory() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: secret-dir
            variables:
              TOKEN: { secret: true }
            ---
            # Secret directory

            ```bash {id=enter}
            mkdir -p "$TOKEN" && cd "$TOKEN"
            ```

            ```bash {id=after}
            echo in the directory
            ```

            ```bash {id=missing cwd=$TOKEN-gone}
            true
            ```
            """)
        let run = try sandbox.run(["run", "--auto", "book.md"], environment: ["TOKEN": "s3cr3tdirvalue"])
        #expect(run.status != 0, "the last step's directory does not exist")
        #expect(!Self.recordBytes(sandbox).contains("s3cr3tdirvalue"), "the records hold the secret in clear")
        let log = try sandbox.run([
            "log",
            String(
                try #require(
                    try sandbox.run(["history"]).stdout.split(separator: "\n").dropFirst().first?.split(separator: " ")
                        .first)), "--full",
        ])
        #expect(!log.stdout.contains("s3cr3tdirvalue") && log.stdout.contains("[secret:TOKEN]"), "\(log.stdout)")
    }

    @Test("show --json never prints a secret's default")
    func showJSON() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            "---\nid: d\nvariables:\n  TOKEN: { secret: true, default: hunter2-default }\n---\n# D\n\n```bash {id=a}\ntrue\n```\n"
        )
        let show = try sandbox.run(["show", "--json", "book.md"], withRecords: false)
        #expect(show.status == 0)
        #expect(!show.stdout.contains("hunter2-default") && show.stdout.contains("[secret:TOKEN]"), "\(show.stdout)")
    }

    @Test(
        "an existing records file others can read is made owner-only, with a warning",
        RecordsBackendChoice.sqliteFileOnly("the mode of the records file"))
    func looseRecordsFile() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "# B\n\n```bash {id=a}\ntrue\n```\n")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        #expect(chmod(sandbox.records, 0o644) == 0)
        let history = try sandbox.run(["history"])
        #expect(history.status == 0)
        #expect(history.stderr.contains("readable or writable by other users"), "\(history.stderr)")
        var info = stat()
        #expect(stat(sandbox.records, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }

    @Test("a credential from a Runme document's .env is redacted like a declared secret; other values are not")
    func dotEnvCredential() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "README.md",
            """
            # Deploy

            ```sh {"name":"use-token"}
            echo "token $API_TOKEN for $DB_HOST"
            ```

            """)
        try sandbox.write(".env", "API_TOKEN=dotenv-s3cr3t-value\nDB_HOST=db.internal\n")
        let run = try sandbox.run(["run", "--auto", "README.md"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.contains("dotenv-s3cr3t-value"), "\(run.stdout)")
        #expect(
            !Self.recordBytes(sandbox).contains("dotenv-s3cr3t-value"), "the records hold the .env credential in clear")
        let runID = try VerifyCommandTests.runID(sandbox)
        let log = try sandbox.run(["log", runID, "--full"])
        #expect(log.stdout.contains("token [secret:API_TOKEN] for db.internal"), "\(log.stdout)")
        let export = try sandbox.run(["export", runID, "--format", "json"])
        #expect(export.status == 0 && !export.stdout.contains("dotenv-s3cr3t-value"))
    }
}
