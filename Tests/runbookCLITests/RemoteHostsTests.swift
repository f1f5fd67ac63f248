import Foundation
import RunbookTestSupport
import Testing

/// Steps on other hosts, end to end through the built binary against real sshd test hosts on
/// loopback (`SSHTestHosts`): each host has its own scratch directory and `RUNBOOK_TEST_HOST`,
/// and runbook reaches them through `RUNBOOK_SSH_COMMAND="ssh -F CONFIG"`.
@Suite(
    "Steps on other hosts over ssh", .serialized,
    .enabled(
        if: SSHTestHosts.unavailableReason == nil,
        Comment(rawValue: SSHTestHosts.unavailableReason ?? "")))
struct RemoteHostsTests {
    static let frontMatter = """
        ---
        id: remote
        hosts:
          a: alpha
          b: ${BETA_HOST}
          both: [a, b]
        variables:
          TOKEN: { secret: true }
          BETA_HOST: { default: beta }
        ---
        # Remote

        """

    /// Runs `runbook ARGS` with the hosts' ssh config.
    static func run(
        _ sandbox: CLISandbox, _ hosts: SSHTestHosts, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> CLISandbox.Result {
        var env = environment
        env["RUNBOOK_SSH_COMMAND"] = hosts.sshCommand
        env["NO_COLOR"] = "1"
        return try sandbox.run(arguments, environment: env, timeout: 120)
    }

    /// The run's id from the runner's first line (`runbook: run ID of …`).
    static func runID(_ result: CLISandbox.Result) throws -> String {
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("runbook: run ") })
        return String(line.split(separator: " ")[2])
    }

    @Test("local and remote steps on two hosts; each host's session carries exports, cd and functions")
    func localAndTwoHosts() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=here}
                echo "here:${RUNBOOK_TEST_HOST-none}"
                ```

                ```bash {id=a-set host=a}
                export CARRIED=from-alpha
                cd "$RUNBOOK_TEST_SCRATCH"
                greet() { echo "hello from $RUNBOOK_TEST_HOST"; }
                ```

                ```bash {id=b-look host=b}
                echo "beta sees:${CARRIED-unset} in $PWD"
                ```

                ```bash {id=a-use host=a}
                echo "alpha carried:$CARRIED in $PWD"
                greet
                ```
                """)
        let run = try Self.run(sandbox, hosts, ["run", "--auto", "book.md"], environment: ["TOKEN": "x"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("here:none\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[b] beta sees:unset in /root\n"), "\(run.stdout)")
        #expect(
            run.stdout.contains("[a] alpha carried:from-alpha in \(hosts.host("alpha").scratch)\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[a] hello from alpha\n"), "\(run.stdout)")
        #expect(run.stderr.contains("==> [step] a-set: Remote on a"), "\(run.stderr)")

        let log = try Self.run(sandbox, hosts, ["log", try Self.runID(run)])
        #expect(log.stdout.contains("on a"), "\(log.stdout)")
        #expect(log.stdout.contains("on b"), "\(log.stdout)")
    }

    @Test("a remote timeout kills the step's whole group on the host; nothing is left running there")
    func remoteTimeoutKillsGroup() throws {
        let hosts = try SSHTestHosts(["alpha"])
        let sandbox = try CLISandbox()
        let marker = "4321.\(Int.random(in: 100_000..<999_999))"
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=slow host=a timeout=2s}
                sleep \(marker) &
                sleep \(marker)
                ```
                """)
        let started = Date()
        let run = try Self.run(
            sandbox, hosts, ["run", "--auto", "--kill-grace", "1", "book.md"], environment: ["TOKEN": "x"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("timed out"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        var left = SSHTestHosts.processes(containing: marker)
        for _ in 0..<20 where !left.isEmpty {
            usleep(100_000)
            left = SSHTestHosts.processes(containing: marker)
        }
        #expect(left.isEmpty, "still running on the host: \(left)")
    }

    @Test("a connection cut mid-step is a failed attempt, connection lost, quickly; the step's group ends")
    func connectionCut() throws {
        let hosts = try SSHTestHosts(["alpha"])
        let sandbox = try CLISandbox()
        let marker = "5432.\(Int.random(in: 100_000..<999_999))"
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=long host=a}
                touch "$RUNBOOK_TEST_SCRATCH/started"
                sleep \(marker)
                ```
                """)
        var environment = ProcessInfo.processInfo.environment
        environment["RUNBOOK_SSH_COMMAND"] = hosts.sshCommand
        environment["TOKEN"] = "x"
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"], environment: environment)
        let startedFile = hosts.host("alpha").scratch + "/started"
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: startedFile) { usleep(100_000) }
        #expect(FileManager.default.fileExists(atPath: startedFile), "the remote step never started")
        let cut = Date()
        hosts.cutConnections(of: "alpha")
        let result = CLISandbox.Result(ProgramRun.collect(process, stdout: out, stderr: err, timeout: 60))
        #expect(Date().timeIntervalSince(cut) < 10, "the runner noticed the lost connection late")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("connection lost to host a"), "\(result.stderr)")
        let log = try Self.run(sandbox, hosts, ["log", try Self.runID(result), "--full"])
        #expect(log.stdout.contains("connection lost to host a"), "\(log.stdout)")
        #expect(SSHTestHosts.processes(containing: marker).isEmpty)
    }

    @Test("a secret printed on a remote host is redacted live and in the records")
    func secretRedactedFromRemoteOutput() throws {
        let hosts = try SSHTestHosts(["alpha"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=leak host=a}
                echo "the token is $TOKEN"
                echo "on stderr $TOKEN" >&2
                ```
                """)
        let run = try Self.run(
            sandbox, hosts, ["run", "--auto", "book.md"], environment: ["TOKEN": "s3cr3t-remote-value"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("the token is [secret:TOKEN]"), "\(run.stdout)")
        #expect(!run.stdout.contains("s3cr3t-remote-value") && !run.stderr.contains("s3cr3t-remote-value"))
        #expect(!SecretLeakTests.recordBytes(sandbox).contains("s3cr3t-remote-value"))
        let log = try Self.run(sandbox, hosts, ["log", try Self.runID(run), "--full"])
        #expect(log.stdout.contains("on stderr [secret:TOKEN]"), "\(log.stdout)")
    }

    @Test("host= on a section's first block runs the section's later blocks there; a later block may say otherwise")
    func sectionHostCarriesToLaterBlocks() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ## On alpha

                ```bash {id=first host=a}
                echo "first on ${RUNBOOK_TEST_HOST-here}"
                ```

                ```bash {id=second}
                echo "second on ${RUNBOOK_TEST_HOST-here}"
                ```

                ```bash {id=third host=b}
                echo "third on ${RUNBOOK_TEST_HOST-here}"
                ```

                ### Still in it

                ```bash {id=nested}
                echo "nested on ${RUNBOOK_TEST_HOST-here}"
                ```

                ## Elsewhere

                ```bash {id=after}
                echo "after on ${RUNBOOK_TEST_HOST-here}"
                ```
                """)
        let run = try Self.run(sandbox, hosts, ["run", "--auto", "book.md"], environment: ["TOKEN": "x"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("[a] first on alpha\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[a] second on alpha\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[b] third on beta\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[a] nested on alpha\n"), "\(run.stdout)")
        #expect(run.stdout.contains("after on here\n") && !run.stdout.contains("] after on"), "\(run.stdout)")
    }

    @Test("resume starts a host's session where its steps left it: exports, cd and functions")
    func resumeRestoresHostSession() throws {
        let hosts = try SSHTestHosts(["alpha"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=a-set host=a}
                export CARRIED="from-alpha $TOKEN"
                cd "$RUNBOOK_TEST_SCRATCH"
                greet() { echo "hello from $RUNBOOK_TEST_HOST"; }
                ```

                ```bash {id=here host=local}
                echo "here sees:${CARRIED-unset}"
                ```

                ```bash {id=a-use host=a}
                echo "alpha carried:$CARRIED in $PWD"
                greet
                test -e ready
                ```
                """)
        let first = try Self.run(sandbox, hosts, ["run", "--auto", "book.md"], environment: ["TOKEN": "t0k3n-value"])
        #expect(first.status == 1, "\(first.stdout)\n\(first.stderr)")
        #expect(first.stdout.contains("here sees:unset\n"), "\(first.stdout)")
        #expect(!SecretLeakTests.recordBytes(sandbox).contains("t0k3n-value"))

        let scratch = hosts.host("alpha").scratch
        #expect(FileManager.default.createFile(atPath: scratch + "/ready", contents: nil))
        let second = try Self.run(
            sandbox, hosts, ["resume", try Self.runID(first), "--auto"], environment: ["TOKEN": "t0k3n-value"])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(
            second.stdout.contains("[a] alpha carried:from-alpha [secret:TOKEN] in \(scratch)\n"), "\(second.stdout)")
        #expect(second.stdout.contains("[a] hello from alpha\n"), "\(second.stdout)")
    }

    @Test("fan-out: one host fails, the others still run; resume retries only the failed host")
    func fanOutRetriesOnlyFailedHost() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=everywhere host=@both}
                echo ran >> "$RUNBOOK_TEST_SCRATCH/count"
                test "$RUNBOOK_TEST_HOST" != beta || test -e "$RUNBOOK_TEST_SCRATCH/ready"
                ```
                """)
        let first = try Self.run(sandbox, hosts, ["run", "--auto", "book.md"], environment: ["TOKEN": "x"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.contains("everywhere: Remote on a"), "\(first.stderr)")
        #expect(first.stderr.contains("everywhere: Remote (attempt 2) on b"), "\(first.stderr)")
        let count = { (host: String) in
            (try? String(contentsOfFile: hosts.host(host).scratch + "/count", encoding: .utf8))?
                .split(separator: "\n").count ?? 0
        }
        #expect(count("alpha") == 1 && count("beta") == 1)

        #expect(FileManager.default.createFile(atPath: hosts.host("beta").scratch + "/ready", contents: nil))
        let id = try Self.runID(first)
        let second = try Self.run(sandbox, hosts, ["resume", id, "--auto"], environment: ["TOKEN": "x"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(count("alpha") == 1, "alpha ran again though it had succeeded")
        #expect(count("beta") == 2)
        let log = try Self.run(sandbox, hosts, ["log", id])
        #expect(log.stdout.components(separatedBy: "on b").count - 1 == 2, "\(log.stdout)")
        #expect(log.stdout.components(separatedBy: "on a").count - 1 == 1, "\(log.stdout)")
        let markdown = try Self.run(sandbox, hosts, ["export", id, "--format", "md"])
        #expect(markdown.stdout.contains("| host | attempts | latest |"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("| a | 1 | succeeded"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("| b | 2 | succeeded"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("ran on host b"), "\(markdown.stdout)")
    }
}

extension RemoteHostsTests {
    /// `runbook run book.md` on a pseudo-terminal, plain (no colour, no editor), its ssh reading
    /// the test hosts' config.
    static func interactiveRun(
        _ sandbox: CLISandbox, _ hosts: SSHTestHosts, environment extra: [String: String] = [:]
    ) throws -> PseudoTerminal {
        var environment = ProcessInfo.processInfo.environment
        for name in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS"] { environment[name] = nil }
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        environment["RUNBOOK_SSH_COMMAND"] = hosts.sshCommand
        environment.merge(extra) { $1 }
        return try PseudoTerminal(
            ["run", "book.md", "--records", sandbox.records], directory: sandbox.directory, environment: environment)
    }

    @Test("interactive: output is marked by host; retry after a host failed runs only that host")
    func interactiveRetryRunsOnlyTheFailedHost() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ## Everywhere
                ```bash {id=everywhere host=@both}
                echo "ran on $RUNBOOK_TEST_HOST"
                echo ran >> "$RUNBOOK_TEST_SCRATCH/count"
                test "$RUNBOOK_TEST_HOST" != beta || test -e "$RUNBOOK_TEST_SCRATCH/ready"
                ```
                """)
        let terminal = try Self.interactiveRun(sandbox, hosts, environment: ["TOKEN": "x"])
        try terminal.expect("TOKEN [keep the given value] (hidden): ", within: 30)
        terminal.type("\r")
        try terminal.expect("BETA_HOST [beta]", within: 30)
        terminal.type("\r")
        try terminal.expect("Start the run? [Y/n]", within: 30)
        terminal.type("\r")
        try terminal.expect("Step 1/1 · Everywhere", within: 30)
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Running Everywhere on a", within: 30)
        try terminal.expect("│ [a] ran on alpha", within: 30)
        try terminal.expect("Running Everywhere (attempt 2) on b", within: 30)
        try terminal.expect("│ [b] ran on beta", within: 30)
        try terminal.expect("The step failed.", within: 30)
        try terminal.expect("> ")
        #expect(FileManager.default.createFile(atPath: hosts.host("beta").scratch + "/ready", contents: nil))
        terminal.type("r")
        let retried = try terminal.expect("Running Everywhere (attempt 3) on b", within: 30)
        #expect(!retried.contains("attempt 3) on a"))
        try terminal.expect("Summary · run ", within: 30)
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit(within: 30) == 0)
        let count = { (host: String) in
            (try? String(contentsOfFile: hosts.host(host).scratch + "/count", encoding: .utf8))?
                .split(separator: "\n").count ?? 0
        }
        #expect(count("alpha") == 1 && count("beta") == 2)
    }
}

/// CI installs openssh-server (.ci/run): there the ssh suite must run, not skip.
@Suite("SSH test hosts under CI")
struct SSHTestHostsUnderCITests {
    @Test(
        "CI can start sshd test hosts",
        .enabled(if: SSHTestHosts.underCI, "only CI promises sshd; elsewhere the suite skips with its reason"))
    func hostsStartUnderCI() throws {
        #expect(
            SSHTestHosts.unavailableReason == nil, "the ssh suite would skip: \(SSHTestHosts.unavailableReason ?? "")")
        _ = try SSHTestHosts(["alpha"])
    }
}
