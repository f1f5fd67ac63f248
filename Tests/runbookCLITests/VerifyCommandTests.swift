import Foundation
import Testing

/// `runbook verify` and the hash chain, checked against records changed behind the tool's back.
@Suite("runbook verify: the hash chain names the first changed event")
struct VerifyCommandTests {
    static let book = """
        # Chain

        ```bash {id=first}
        echo "marker-$((40 + 2))"
        ```

        ```bash {id=second}
        echo second
        ```
        """

    /// Replaces `old` by `new` (same length), everywhere, in the records file's bytes, or in its WAL when the
    /// page is still there: what an editor or `dd` does, bypassing SQLite and runbook.
    static func tamper(_ sandbox: CLISandbox, _ old: String, _ new: String) throws {
        try #require(old.utf8.count == new.utf8.count)
        for path in [sandbox.records, sandbox.records + "-wal"] {
            guard var bytes = FileManager.default.contents(atPath: path).map(Array.init) else { continue }
            let needle = Array(old.utf8)
            let starts = (0...(bytes.count - needle.count)).filter {
                bytes[$0..<($0 + needle.count)].elementsEqual(needle)
            }
            guard !starts.isEmpty else { continue }
            for start in starts { bytes.replaceSubrange(start..<(start + needle.count), with: Array(new.utf8)) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return
        }
        Issue.record("\(old) is not in the records file")
    }

    static func runID(_ sandbox: CLISandbox) throws -> String {
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        return try #require(runs?.first?["id"] as? String)
    }

    @Test(
        "a clean run verifies; a byte changed in a stored output is named by run and event",
        RecordsBackendChoice.sqliteFileOnly("changes bytes in the records file behind SQLite's back"))
    func tamperedByteIsNamed() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", Self.book)
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        let runID = try Self.runID(sandbox)
        let clean = try sandbox.run(["verify"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("ok      run \(runID)"))

        // The event the tamper hits, read before it: the one whose output is the marker.
        let log = try sandbox.run(["log", runID, "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]])
        let tampered = try #require(
            events.first { ($0["kind"] as? String) == "output" && "\($0["payload"] ?? "")".contains("marker-42") }?[
                "sequence"] as? Int)

        try Self.tamper(sandbox, "marker-42", "marker-43")
        let broken = try sandbox.run(["verify", String(runID.prefix(10))])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("BROKEN  run \(runID): event \(tampered) "), "\(broken.stdout)")
        #expect(broken.stdout.contains("(output) does not match its hash"), "\(broken.stdout)")
    }

    @Test(
        "a runbook text changed in the records is refused on read and named by verify",
        RecordsBackendChoice.sqliteFileOnly("changes bytes in the records file behind SQLite's back"))
    func tamperedRevision() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", Self.book)
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        try Self.tamper(sandbox, "echo second", "rm -rf /xx ")
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("BROKEN  revision"), "\(verify.stdout)")
        let export = try sandbox.run(["export", try Self.runID(sandbox)])
        #expect(export.status != 0 && export.stderr.contains("does not match its hash"), "\(export.stderr)")
    }

    static let hasTools = ["/usr/bin/sqlite3", "/usr/bin/sha256sum"].allSatisfy {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(
        "the recipe in docs/records.md checks a chain with sqlite3 and sha256sum alone",
        .enabled(if: hasTools, "needs sqlite3 and sha256sum in /usr/bin to run the documented recipe"),
        RecordsBackendChoice.sqliteFileOnly("the documented recipe reads the records file with sqlite3"))
    func documentedRecipe() throws {
        let docs = try String(contentsOfFile: CLISandbox.repositoryPath("docs/records.md"), encoding: .utf8)
        let start = try #require(docs.range(of: "<!-- verify-recipe -->\n```sh\n"))
        let end = try #require(docs.range(of: "```\n<!-- /verify-recipe -->"))
        let recipe = String(docs[start.upperBound..<end.lowerBound])

        let sandbox = try CLISandbox()
        try sandbox.write("book.md", Self.book)
        try sandbox.write("recipe.sh", recipe)
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        _ = try sandbox.run(["run", "--auto", "book.md"]) // a second run: the recipe checks one
        let runID = try Self.runID(sandbox)
        let verify = try sandbox.run(["verify", runID])
        let okLine = try #require(verify.stdout.split(separator: "\n").first { $0.hasPrefix("ok      run \(runID)") })
        let head = try #require(okLine.split(separator: " ").last.map(String.init))

        func recipeRun() throws -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = [sandbox.directory + "/recipe.sh"]
            process.environment = ["DB": sandbox.records, "RUN": runID, "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        let (status, output) = try recipeRun()
        #expect(status == 0 && output == "chain holds; head \(head)\n", "\(output)")

        try Self.tamper(sandbox, "marker-42", "marker-43")
        let (brokenStatus, brokenOutput) = try recipeRun()
        #expect(brokenStatus == 1 && brokenOutput.contains("does not match its hash"), "\(brokenOutput)")
    }
}
