import Foundation
import Testing

@Suite("runbook list and show --quick")
struct CatalogTests {
    @Test("list puts the most critical runbook first and shows the last run")
    func listSortsByPriority() throws {
        let sandbox = try CLISandbox()
        let root = CLISandbox.repositoryPath("runbooks")
        var result = try sandbox.run(["list", root])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("PRIORITY") == true)
        #expect(lines.count == 12)
        #expect(lines[1].hasPrefix("critical  recovery     pool-loss-recovery"))
        #expect(lines.last?.hasPrefix("low") == true)
        #expect(!result.stdout.contains("README"))
        #expect(result.stdout.contains("never"))
        // Listing does not create the records file.
        #expect(!FileManager.default.fileExists(atPath: sandbox.records))

        let run = try sandbox.run(["run", "--auto", "--yes", root + "/examples/log-rotation.md"], environment: ["TMPDIR": sandbox.directory])
        #expect(run.status == 0, "\(run.stderr)")
        result = try sandbox.run(["list", root])
        let logRotation = result.stdout.split(separator: "\n").first { $0.contains("log-rotation") } ?? ""
        #expect(logRotation.contains("completed"), "\(logRotation)")
    }

    @Test("list filters by category and tag, and speaks JSON")
    func listFilters() throws {
        let sandbox = try CLISandbox()
        let root = CLISandbox.repositoryPath("runbooks")
        let recovery = try sandbox.run(["list", "--category", "recovery", "--json", root])
        let decoded = try JSONSerialization.jsonObject(with: Data(recovery.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.map { $0["id"] as? String } == ["pool-loss-recovery"])
        #expect(decoded?.first?["lastRun"] == nil)
        let tagged = try sandbox.run(["list", "--tag", "tar", root])
        #expect(tagged.stdout.contains("backup-drill"))
        #expect(!tagged.stdout.contains("zfs-replication"))
        let wrong = try sandbox.run(["list", "--category", "urgent", root])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("preventive, operational or recovery"))
    }

    @Test("list without a runbooks/ directory says what to do")
    func listWithoutDirectory() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["list"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("RUNBOOK_DIR"))
    }

    @Test("show --quick gives commands with variables filled in and confirmations spelled out")
    func quickReference() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("quick.md", """
            ---
            title: Quick
            variables:
              POOL: { default: media-pool }
              ODD: { default: "it's $(odd)" }
              TOKEN: { secret: true, default: hunter2 }
            ---
            ## Snapshot
            ```bash {confirm="$POOL" destructive=true}
            zfs snapshot "$POOL@now" '$POOL' "${POOL}" "$ODD" "$TOKEN"
            ```
            - [ ] Check the UI
            """)
        let result = try sandbox.run(["show", "--quick", "--var", "POOL=tank", "quick.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#"zfs snapshot "tank@now" '$POOL' "tank" "$ODD" "$TOKEN""#), "\(result.stdout)")
        #expect(result.stdout.contains(#"export ODD='it'\''s $(odd)'"#))
        #expect(result.stdout.contains("# CONFIRM before running: type the value of $POOL (\"tank\")."))
        #expect(result.stdout.contains("# DESTRUCTIVE"))
        #expect(result.stdout.contains("# 2. [ ] Check the UI"))
        #expect(!result.stdout.contains("hunter2"))
    }
}
