import Foundation
import Testing

/// `run --dry-run` shows what a run would do as the operator would read it (issue 14): whole
/// commands with `$ ` only where a command starts, rollback marks and phrases, durations as
/// written, the directory an earlier `cd` leads to, and unset secrets.
@Suite("run --dry-run")
struct DryRunPlanTests {
    static let book = """
        ---
        id: dry
        variables:
          WORKDIR: { default: /tmp/dry-plan-work }
          TOKEN: { secret: true }
        ---
        # Dry
        ## Go to the work directory
        ```bash {id=enter}
        mkdir -p "$WORKDIR" && cd "$WORKDIR"
        ```
        ## Write the config
        ```bash {id=write timeout=48h}
        cat > app.conf <<'EOF'
        listen 8080
        EOF
        tar -czf backup.tgz \\
          app.conf
        ```
        ## Sub directory
        ```bash {id=sub}
        cd logs
        ```
        ## Later
        ```bash {id=later}
        ls
        ```
        ## Rollback
        ```bash {id=remove destructive=true confirm="remove workdir"}
        rm -rf "$WORKDIR"
        echo removed
        ```
        """

    @Test("whole commands, marks, durations as written, cd followed, unset secrets listed")
    func plan() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("dry.md", DryRunPlanTests.book)
        let result = try sandbox.run(["run", "--dry-run", "dry.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(
            out.contains(
                "   $ cat > app.conf <<'EOF'\n     listen 8080\n     EOF\n   $ tar -czf backup.tgz \\\n       app.conf\n"
            ), "\(out)")
        #expect(out.contains("timeout 48h"), "\(out)")
        #expect(
            out.contains("in /tmp/dry-plan-work (after the cd in step enter; read from the text, not run)"), "\(out)")
        #expect(out.contains("in /tmp/dry-plan-work/logs (after the cd in step sub"), "\(out)")
        #expect(out.contains("TOKEN  (secret, not set"), "\(out)")
        #expect(out.contains("remove: Rollback — DESTRUCTIVE, asks to type “remove workdir”"), "\(out)")
        #expect(out.contains("   $ rm -rf \"$WORKDIR\"\n   $ echo removed"), "\(out)")
    }
}
