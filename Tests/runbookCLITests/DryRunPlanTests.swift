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

@Suite("Hosts in show and --dry-run")
struct HostsPlanTests {
    static let book = """
        ---
        title: Hosts
        host: pve
        hosts:
          pve: root@pve.lan
          backup: root@backup-nas
          storage: [pve, backup]
        ---
        # Hosts

        ```bash {id=default-host}
        zpool status
        ```

        ```bash {id=on-backup host=backup}
        zfs list
        ```

        ```bash {id=everywhere host=@storage}
        uptime
        ```

        ```bash {id=here host=local}
        hostname
        ```

        ```bash {id=at-once hosts=pve,backup,local parallel=5}
        uptime
        ```
        """

    @Test("the dry run names each step's hosts and a remote step's login directory; it connects nowhere")
    func dryRunNamesHosts() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("hosts.md", Self.book)
        // An ssh that would leave a trace if the plan tried to connect.
        let result = try sandbox.run(
            ["run", "--dry-run", "hosts.md"],
            environment: ["RUNBOOK_SSH_COMMAND": "touch \(sandbox.directory)/ssh-ran"],
            withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        let plan = result.stdout
        #expect(plan.contains("default-host: Hosts — runs\n   on pve (root@pve.lan)\n   in ~\n"), "\(plan)")
        #expect(plan.contains("on-backup: Hosts — runs\n   on backup (root@backup-nas)\n   in ~\n"), "\(plan)")
        #expect(
            plan.contains("everywhere: Hosts — runs\n   on pve (root@pve.lan), backup (root@backup-nas)\n"), "\(plan)")
        #expect(plan.contains("here: Hosts — runs\n   in \(sandbox.directory)"), "\(plan)")
        #expect(
            plan.contains(
                "at-once: Hosts — runs\n   on pve (root@pve.lan), backup (root@backup-nas), local (3 at once)\n"),
            "\(plan)")
        #expect(sandbox.file("ssh-ran") == nil)
    }

    static let sectionBook = """
        ---
        title: Sections
        hosts:
          backup: root@backup-nas
        ---
        # Sections

        ## On the backup host

        ```bash {id=receive host=backup}
        zfs receive tank/replica
        ```

        ```bash {id=check}
        zfs list
        ```

        ## Here again

        ```bash {id=local-after}
        hostname
        ```
        """

    @Test("host= on a section's first block shows on the section's later blocks in show and --dry-run")
    func sectionHostShown() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("sections.md", Self.sectionBook)
        let show = try sandbox.run(["show", "sections.md"], environment: ["NO_COLOR": "1"], withRecords: false)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("check · on backup"), "\(show.stdout)")
        let localMarks = show.stdout.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("local-after")
        }
        #expect(localMarks.count == 1 && !localMarks[0].contains(" · on "), "\(show.stdout)")
        let plan = try sandbox.run(
            ["run", "--dry-run", "sections.md"],
            environment: ["RUNBOOK_SSH_COMMAND": "touch \(sandbox.directory)/ssh-ran"], withRecords: false)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(
            plan.stdout.contains("check: On the backup host — runs\n   on backup (root@backup-nas)\n"), "\(plan.stdout)"
        )
        #expect(plan.stdout.contains("local-after: Here again — runs\n   in \(sandbox.directory)"), "\(plan.stdout)")
        #expect(sandbox.file("ssh-ran") == nil)
    }

    @Test("show marks each remote step with its hosts")
    func showNamesHosts() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("hosts.md", Self.book)
        let show = try sandbox.run(["show", "hosts.md"], environment: ["NO_COLOR": "1"], withRecords: false)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("on-backup · on backup"), "\(show.stdout)")
        #expect(show.stdout.contains("everywhere · on pve, backup"), "\(show.stdout)")
        let localMarks = show.stdout.split(separator: "\n").filter {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("here")
        }
        #expect(localMarks.count == 1 && !localMarks[0].contains(" · on "), "\(show.stdout)")
    }
}
