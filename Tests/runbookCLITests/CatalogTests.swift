import Foundation
import Testing

@Suite("runbook list and show --quick")
struct CatalogTests {
    @Test(
        "list puts the most critical runbook first and shows the last run", arguments: RecordsBackendChoice.available)
    func listSortsByPriority(backend: RecordsBackendChoice) throws {
        let sandbox = try CLISandbox(backend: backend)
        let root = CLISandbox.repositoryPath("runbooks")
        // Wide enough for every column (narrower listings are TerminalWidthTests').
        let wide = ["COLUMNS": "200"]
        var result = try sandbox.run(["list", root], environment: wide)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("TITLE") == true)
        #expect(lines.count == 12)
        #expect(lines[1].hasPrefix("Disaster recovery after a ZFS pool loss"))
        #expect(lines[1].contains("pool-loss-recovery   critical  recovery"), "\(lines[1])")
        #expect(lines.last?.contains("  low  ") == true)
        #expect(!result.stdout.contains("README"))
        #expect(result.stdout.contains("never"))
        // Listing does not create the records.
        #expect(try sandbox.recordsUntouched())

        let run = try sandbox.run(
            ["run", "--auto", "--yes", root + "/examples/log-rotation.md"], environment: ["TMPDIR": sandbox.directory])
        #expect(run.status == 0, "\(run.stderr)")
        result = try sandbox.run(["list", root], environment: wide)
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

    @Test("show --quick exports the values with their sources and keeps commands verbatim")
    func quickReference() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "quick.md",
            """
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
        #expect(
            result.stdout.contains(#"zfs snapshot "$POOL@now" '$POOL' "${POOL}" "$ODD" "$TOKEN""#), "\(result.stdout)")
        #expect(result.stdout.contains("# POOL: from --var\nexport POOL='tank'\n"), "\(result.stdout)")
        #expect(result.stdout.contains("# ODD: from the runbook's default\n" + #"export ODD='it'\''s $(odd)'"#))
        #expect(result.stdout.contains("# TOKEN is secret: read -rs TOKEN; export TOKEN"))
        #expect(result.stdout.contains("# CONFIRM before running: type the value of $POOL."))
        #expect(result.stdout.contains("# DESTRUCTIVE"))
        #expect(result.stdout.contains("# 2. [ ] Check the UI"))
        #expect(!result.stdout.contains("hunter2"))
    }

    /// Hostile values (a newline in the value a confirmation names, quotes and command
    /// substitutions) and a runbook whose commands hold single quotes, a quoted heredoc and a
    /// `cwd` naming a variable: pasted into bash, only the runbook's own commands run.
    @Test("show --quick pasted into bash runs nothing but the runbook's commands")
    func quickReferenceIsSafeToPaste() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/book/sub dir", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/scratch", withIntermediateDirectories: true)
        try sandbox.write(
            "book/quick.md",
            """
            ---
            title: "Paste me\\ntouch title-ran"
            variables:
              POOL: { default: tank }
              V: { description: "what to type" }
              D: { default: "sub dir" }
            ---
            ## Destroy
            ```bash {id=destroy confirm="$V"}
            echo "don't $POOL" > "$OUT/a"
            cat > "$OUT/b" <<'EOF'
            $POOL
            EOF
            ```
            ## Where
            ```bash {id=where cwd="$D"}
            pwd > "$OUT/c"
            ```
            """)
        let hostile = [
            "V=x\ntouch \"$OUT/pwned-confirm\"",
            "POOL=t'; touch \"$OUT/pwned-quote\"; echo '$(touch \"$OUT/pwned-subst\")`touch \"$OUT/pwned-tick\"`",
        ]
        let shown = try sandbox.run(
            ["show", "--quick", "--var", hostile[0], "--var", hostile[1], "book/quick.md"], withRecords: false)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("# D: from the runbook's default\nexport D='sub dir'\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("cd '\(sandbox.directory)/book/sub dir'\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("# V: from --var\n"))

        let script = sandbox.directory + "/quick.sh"
        try shown.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        let syntax = try CLISandbox.shell(["bash", "-n", script], directory: sandbox.directory)
        #expect(syntax.status == 0, "\(syntax.stderr)")

        let scratch = sandbox.directory + "/scratch"
        let pasted = try CLISandbox.shell(["bash", script], directory: scratch, environment: ["OUT": scratch])
        #expect(pasted.status == 0, "\(pasted.stderr)")
        let made = try FileManager.default.contentsOfDirectory(atPath: scratch).sorted()
        #expect(made == ["a", "b", "c"], "the paste made \(made)")
        // The values reach the commands as the shell substitutes them, and not where it would not.
        #expect(sandbox.file("scratch/a") == "don't \(hostile[1].dropFirst("POOL=".count))\n")
        #expect(sandbox.file("scratch/b") == "$POOL\n")
        #expect(sandbox.file("scratch/c") == sandbox.directory + "/book/sub dir\n")
    }
}
