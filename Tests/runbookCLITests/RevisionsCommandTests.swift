import Foundation
import Testing

/// `runbook revisions` and `history --revision`, through the built binary.
@Suite("runbook revisions")
struct RevisionsCommandTests {
    static let first = """
        ---
        id: rev
        title: Rev
        version: 1
        changelog:
          - {date: 2026-11-01, version: 1, why: first version}
        ---
        # Rev

        ```bash {id=a}
        echo one
        ```
        """
    static let second = """
        ---
        id: rev
        title: Rev
        version: 2
        changelog:
          - {date: 2026-12-01, version: 2, why: "say two, and fail on purpose"}
          - {date: 2026-11-01, version: 1, why: first version}
        ---
        # Rev

        ```bash {id=a}
        echo two; false
        ```
        """

    /// Two runs of version 1 (completed), one of version 2 (failed); returns the two hashes.
    func recordTwoRevisions(_ sandbox: CLISandbox) throws -> (old: String, new: String) {
        try sandbox.write("rev.md", RevisionsCommandTests.first)
        #expect(try sandbox.run(["run", "--auto", "rev.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "rev.md"]).status == 0)
        let old = try #require(
            try sandbox.run(["history", "--json"]).stdout.firstMatch(of: /"revisionHash":"([0-9a-f]{64})"/)?.1)
        try sandbox.write("rev.md", RevisionsCommandTests.second)
        #expect(try sandbox.run(["run", "--auto", "rev.md"]).status == 1)
        let new = try #require(
            try sandbox.run(["history", "--json", "--limit", "1"]).stdout.firstMatch(
                of: /"revisionHash":"([0-9a-f]{64})"/)?.1)
        #expect(old != new)
        return (String(old), String(new))
    }

    @Test("Every stored revision with its version, runs, outcomes and changelog entry; the file's own marked")
    func listsRevisions() throws {
        let sandbox = try CLISandbox()
        let (old, new) = try recordTwoRevisions(sandbox)
        let result = try sandbox.run(["revisions", "rev.md"])
        #expect(result.status == 0, "\(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("Revisions of rev: 2 stored, oldest first\n"), "\(text)")
        #expect(text.contains("\(old.prefix(12))  version 1  2 runs: 2 completed\n"), "\(text)")
        #expect(text.contains("\(new.prefix(12))  version 2  1 run: 1 failed  (the file as it is now)\n"), "\(text)")
        #expect(text.contains("    changelog 2026-12-01: say two, and fail on purpose\n"))
        #expect(text.contains("    changelog 2026-11-01: first version\n"))
        #expect(text.contains("first run ") && text.contains(", last run "))
        #expect(text.contains("\nChangelog\n  2026-12-01, version 2: say two, and fail on purpose\n"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.dropFirst(2).allSatisfy { $0.count <= 80 }, "the path aside, 80 columns")
        let byID = try sandbox.run(["revisions", "rev"])
        #expect(
            byID.stdout.contains("\(new.prefix(12))  version 2  1 run: 1 failed\n"),
            "by id, no file to compare: \(byID.stdout)")
    }

    @Test("--diff A B shows the change between two revisions named by hash prefixes")
    func diff() throws {
        let sandbox = try CLISandbox()
        let (old, new) = try recordTwoRevisions(sandbox)
        let result = try sandbox.run(["revisions", "--diff", String(old.prefix(6)), String(new.prefix(6))])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("@ \(old.prefix(12)) (version 1)\n+++ "), "\(result.stdout)")
        #expect(result.stdout.contains("-echo one\n+echo two; false\n"), "\(result.stdout)")
        #expect(result.stdout.contains("-version: 1\n+version: 2\n"))

        let unknown = try sandbox.run(["revisions", "--diff", "zz", String(new.prefix(6))])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no stored revision's hash starts with 'zz'"), "\(unknown.stderr)")
        let one = try sandbox.run(["revisions", "--diff", "a"])
        #expect(one.status == 2)
        #expect(one.stderr.contains("--diff takes two revisions"), "\(one.stderr)")
    }

    @Test("history --revision lists only that revision's runs")
    func historyByRevision() throws {
        let sandbox = try CLISandbox()
        let (old, new) = try recordTwoRevisions(sandbox)
        let oldRuns = try sandbox.run(["history", "--json", "--revision", String(old.prefix(8))])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(oldRuns.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0["revisionHash"] as? String == old })
        let newRuns = try sandbox.run(["history", "rev.md", "--revision", String(new.prefix(8))])
        #expect(newRuns.stdout.split(separator: "\n").count == 2, "header and one run: \(newRuns.stdout)")
        #expect(newRuns.stdout.contains("failed"))
    }

    @Test("A runbook never run has no revisions: a clear error, exit 2")
    func neverRun() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("rev.md", RevisionsCommandTests.first)
        #expect(try sandbox.run(["run", "--auto", "rev.md"]).status == 0)
        let result = try sandbox.run(["revisions", "other-id"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no stored revision of 'other-id'"), "\(result.stderr)")
    }
}
