import Foundation
import Testing

/// Listings fit the terminal's width (`COLUMNS`, else the terminal, else 80): fewer columns
/// when narrow, titles wrapped at word boundaries, ids never cut (issue 14).
@Suite("listings fit the terminal's width")
struct TerminalWidthTests {
    static let longTitle = "Replicate the nightly ZFS snapshots of the storage pool to the offsite backup host"

    static func book(id: String, title: String, stepID: String = "workdir") -> String {
        """
        ---
        id: \(id)
        title: \(title)
        version: 12
        priority: critical
        category: backup
        ---
        # \(title)

        ## Make a working directory
        ```bash {id=\(stepID)}
        echo working
        ```
        """
    }

    /// Every line of `text` is at most `width` characters.
    static func expectFits(_ text: String, _ width: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in text.split(separator: "\n") {
            #expect(line.count <= width, "\(line.count) > \(width): \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test("history: at 80 and 60 columns no line is wider, run ids whole, title words kept", arguments: [80, 60])
    func history(width: Int) throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "long.md",
            TerminalWidthTests.book(id: "offsite-replication-of-the-storage-pool", title: TerminalWidthTests.longTitle))
        for _ in 0..<2 { #expect(try sandbox.run(["run", "--auto", "long.md"]).status == 0) }
        let table = try sandbox.run(["history"], environment: ["COLUMNS": String(width)])
        #expect(table.status == 0, "\(table.stderr)")
        TerminalWidthTests.expectFits(table.stdout, width)
        let json = try sandbox.run(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let lines = table.stdout.split(separator: "\n").dropFirst()
        for run in runs {
            let id = try #require(run["id"] as? String)
            // The listed id is a prefix of at least 8 characters, on a line of its own run.
            #expect(
                lines.contains { line in
                    line.split(separator: " ").first.map { $0.count >= 8 && id.hasPrefix($0) } == true
                }, "\(table.stdout)")
        }
        #expect(table.stdout.contains("completed"))
        for word in ["Replicate", "nightly", "snapshots", "offsite", "backup", "host"] {
            #expect(table.stdout.contains(word), "the title wraps, it is not cut: \(table.stdout)")
        }
    }

    @Test("history without COLUMNS and without a terminal is laid out for 80 columns")
    func historyDefaultsTo80() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("long.md", TerminalWidthTests.book(id: "offsite", title: TerminalWidthTests.longTitle))
        #expect(try sandbox.run(["run", "--auto", "long.md"]).status == 0)
        let table = try sandbox.run(["history"], environment: ["COLUMNS": ""])
        TerminalWidthTests.expectFits(table.stdout, 80)
    }

    @Test("list: title first, ids whole, titles not cut to a few characters", arguments: [80, 60])
    func list(width: Int) throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/runbooks", withIntermediateDirectories: true)
        try sandbox.write(
            "runbooks/a.md",
            TerminalWidthTests.book(id: "offsite-replication-of-the-storage-pool", title: TerminalWidthTests.longTitle))
        try sandbox.write(
            "runbooks/b.md", TerminalWidthTests.book(id: "rotate-certificates", title: "Rotate the TLS certificates"))
        let listing = try sandbox.run(["list"], environment: ["COLUMNS": String(width)], withRecords: false)
        #expect(listing.status == 0, "\(listing.stderr)")
        TerminalWidthTests.expectFits(listing.stdout, width)
        #expect(listing.stdout.hasPrefix("TITLE"), "\(listing.stdout)")
        if width == 80 {
            #expect(
                listing.stdout.contains("Rotate the TLS certificates"),
                "a short title is not wrapped: \(listing.stdout)")
        }
        #expect(listing.stdout.contains("offsite-replication-of-the-storage-pool"))
        #expect(listing.stdout.contains("rotate-certificates"))
        for word in ["Replicate", "nightly", "snapshots", "offsite", "backup", "host", "Rotate", "certificates"] {
            #expect(listing.stdout.contains(word), "\(listing.stdout)")
        }
    }

    @Test("stats groups by runbook, then step: the same step id in two runbooks is not merged; fits 60 columns")
    func statsByRunbook() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("a.md", TerminalWidthTests.book(id: "alpha", title: "Alpha"))
        try sandbox.write("b.md", TerminalWidthTests.book(id: "beta", title: "Beta"))
        #expect(try sandbox.run(["run", "--auto", "a.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "a.md"]).status == 0)
        #expect(try sandbox.run(["run", "--auto", "b.md"]).status == 0)
        let stats = try sandbox.run(["stats"], environment: ["COLUMNS": "60"])
        #expect(stats.status == 0, "\(stats.stderr)")
        TerminalWidthTests.expectFits(stats.stdout, 60)
        #expect(stats.stdout.contains("alpha (2 runs):"), "\(stats.stdout)")
        #expect(stats.stdout.contains("beta (1 run):"), "\(stats.stdout)")
        let workdirRows = stats.stdout.split(separator: "\n").filter { $0.hasPrefix("workdir") }
        #expect(workdirRows.count == 2, "one row per runbook: \(stats.stdout)")
        let json = try sandbox.run(["stats", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        #expect(Set(steps.compactMap { $0["runbookID"] as? String }) == ["alpha", "beta"])
        #expect(steps.first { $0["runbookID"] as? String == "alpha" }?["runs"] as? Int == 2)
    }

    @Test("lessons wrap at word boundaries to the width")
    func lessonsFit() throws {
        let sandbox = try CLISandbox()
        let golden = RecordsCommandTests.golden
        try FileManager.default.copyItem(atPath: golden, toPath: sandbox.directory + "/fixture.json")
        #expect(try sandbox.run(["import", "fixture.json"]).status == 0)
        let lessons = try sandbox.run(["lessons"], environment: ["COLUMNS": "40"])
        #expect(lessons.status == 0, "\(lessons.stderr)")
        TerminalWidthTests.expectFits(lessons.stdout, 40)
        #expect(lessons.stdout.contains("Check the upload token's"), "\(lessons.stdout)")
    }

    @Test("a runbook with no step to run says so, exits 0, records nothing and asks nothing")
    func noSteps() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("notes.md", "---\nid: notes\n---\n# Notes\n\nJust prose.\n")
        let result = try sandbox.run(["run", "--auto", "notes.md"])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains("has no step to run") && result.stderr.contains("Nothing was run or recorded"),
            "\(result.stderr)")
        #expect(try sandbox.recordsUntouched())
    }

    @Test("show fits the width too", arguments: [80, 60])
    func show(width: Int) throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(
            ["show", CLISandbox.repositoryPath("runbooks/homelab/zfs-replication.md")],
            environment: ["COLUMNS": String(width), "NO_COLOR": "1"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        TerminalWidthTests.expectFits(result.stdout, width)
        #expect(result.stdout.contains("zfs-replication"))
    }
}
