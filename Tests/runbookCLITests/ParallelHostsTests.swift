import Foundation
import RunbookTestSupport
import Testing

/// `parallel=N` on a fanned-out step, end to end against real sshd test hosts: hosts overlap
/// (proved by the times the steps write on the hosts, not by how long the run took), whole
/// lines of live output, one attempt per host recorded in the order they end, signals reaching
/// every host, and retries of the failed hosts only.
@Suite(
    "Hosts of a step at once (parallel=N)", .serialized,
    .enabled(
        if: SSHTestHosts.unavailableReason == nil,
        Comment(rawValue: SSHTestHosts.unavailableReason ?? "")))
struct ParallelHostsTests {
    static let frontMatter = """
        ---
        id: parallel
        hosts:
          a: alpha
          b: beta
          c: gamma
          all: [a, b, c]
        ---
        # Parallel

        """

    /// A step that writes when it starts and ends on its host, sleeping 1 s between.
    static func timedStep(_ attributes: String) -> String {
        """
        ```bash {id=timed host=@all \(attributes)}
        date +%s.%N > "$RUNBOOK_TEST_SCRATCH/start"
        sleep 1
        date +%s.%N > "$RUNBOOK_TEST_SCRATCH/end"
        ```
        """
    }

    /// Each host's (start, end), read from its scratch directory.
    static func times(_ hosts: SSHTestHosts) throws -> [String: (start: Double, end: Double)] {
        var times: [String: (start: Double, end: Double)] = [:]
        for host in hosts.hosts {
            func read(_ name: String) throws -> Double {
                let text = try String(contentsOfFile: host.scratch + "/" + name, encoding: .utf8)
                return try #require(Double(text.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            times[host.name] = (try read("start"), try read("end"))
        }
        return times
    }

    /// The run's attempts from the JSON export: (remoteHost, outcome, stdout text).
    static func attempts(_ sandbox: CLISandbox, _ hosts: SSHTestHosts, _ id: String) throws -> [(
        host: String, outcome: String, stdout: String
    )] {
        let export = try RemoteHostsTests.run(sandbox, hosts, ["export", id, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any])
        let steps = try #require(object["steps"] as? [[String: Any]])
        return steps.flatMap { step in
            (step["attempts"] as? [[String: Any]] ?? []).map { attempt in
                let outputs = attempt["outputs"] as? [[String: Any]] ?? []
                let stdout = outputs.first { $0["stream"] as? String == "stdout" }?["text"] as? String ?? ""
                return (
                    attempt["remoteHost"] as? String ?? "local", attempt["outcome"] as? String ?? "", stdout
                )
            }
        }
    }

    @Test("parallel=3: the hosts' steps overlap, each attempt recorded with its host and its own output")
    func hostsOverlap() throws {
        let hosts = try SSHTestHosts(["alpha", "beta", "gamma"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            // The hosts connect first, so the timed step measures the steps, not three ssh
            // handshakes on a loaded machine.
            Self.frontMatter + "```bash {id=connect host=@all parallel=3}\ntrue\n```\n\n"
                + Self.timedStep("parallel=3") + """


                    ```bash {id=after host=@all parallel=3}
                    for i in 1 2 3; do printf 'part-%s-' "$i"; sleep 0.1; printf 'of-%s\\n' "$RUNBOOK_TEST_HOST"; done
                    ```
                    """)
        let run = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let times = try Self.times(hosts)
        for (name, time) in times {
            for (other, otherTime) in times where other != name {
                #expect(time.start < otherTime.end, "\(name) started after \(other) ended: they ran one by one")
            }
        }
        let first = try #require(times.values.map(\.start).min())
        let last = try #require(times.values.map(\.end).max())
        #expect(last - first < 2.5, "three 1 s steps took \(last - first) s")

        // Live output: whole lines, each with its host's name.
        for (host, name) in [("a", "alpha"), ("b", "beta"), ("c", "gamma")] {
            for part in 1...3 {
                #expect(run.stdout.contains("[\(host)] part-\(part)-of-\(name)\n"), "\(run.stdout)")
            }
        }
        let stray = run.stdout.split(separator: "\n").filter {
            !$0.hasPrefix("[a] ") && !$0.hasPrefix("[b] ") && !$0.hasPrefix("[c] ")
        }
        #expect(stray.isEmpty, "lines cut or mixed: \(stray)")

        let attempts = try Self.attempts(sandbox, hosts, try RemoteHostsTests.runID(run))
        #expect(attempts.count == 9, "\(attempts)")
        #expect(Set(attempts[3..<6].map(\.host)) == ["a", "b", "c"])
        #expect(attempts.allSatisfy { $0.outcome == "succeeded" }, "\(attempts)")
        for attempt in attempts.suffix(3) {
            let name = ["a": "alpha", "b": "beta", "c": "gamma"][attempt.host] ?? "?"
            #expect(
                attempt.stdout == "part-1-of-\(name)\npart-2-of-\(name)\npart-3-of-\(name)\n",
                "\(attempt.host)'s attempt holds another host's output: \(attempt.stdout)")
        }
    }

    @Test("without parallel= the hosts run one after the other")
    func serialByDefault() throws {
        let hosts = try SSHTestHosts(["alpha", "beta", "gamma"])
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", Self.frontMatter + Self.timedStep(""))
        let run = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let times = try Self.times(hosts)
        let ordered = ["alpha", "beta", "gamma"].compactMap { times[$0] }
        #expect(ordered.count == 3)
        for (earlier, later) in zip(ordered, ordered.dropFirst()) {
            #expect(later.start >= earlier.end, "a host started before the one before it ended")
        }
    }

    @Test("parallel=2: a host failing stops none of the others; resume retries only that host")
    func failureStopsNobodyAndResumeRetriesIt() throws {
        let hosts = try SSHTestHosts(["alpha", "beta", "gamma"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=everywhere host=@all parallel=2}
                echo ran >> "$RUNBOOK_TEST_SCRATCH/count"
                test "$RUNBOOK_TEST_HOST" != alpha || test -e "$RUNBOOK_TEST_SCRATCH/ready"
                ```
                """)
        let first = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "book.md"])
        #expect(first.status == 1, "\(first.stderr)")
        let count = { (host: String) in
            (try? String(contentsOfFile: hosts.host(host).scratch + "/count", encoding: .utf8))?
                .split(separator: "\n").count ?? 0
        }
        #expect(count("alpha") == 1 && count("beta") == 1 && count("gamma") == 1)
        #expect(first.stderr.contains("failed with exit status 1"), "\(first.stderr)")
        #expect(first.stderr.contains(" on a\n"), "the failure does not say which host: \(first.stderr)")

        #expect(FileManager.default.createFile(atPath: hosts.host("alpha").scratch + "/ready", contents: nil))
        let id = try RemoteHostsTests.runID(first)
        let second = try RemoteHostsTests.run(sandbox, hosts, ["resume", id, "--auto"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(count("alpha") == 2 && count("beta") == 1 && count("gamma") == 1)
        let attempts = try Self.attempts(sandbox, hosts, id)
        #expect(attempts.map(\.host).sorted() == ["a", "a", "b", "c"], "\(attempts)")
        #expect(attempts.filter { $0.host == "a" }.map(\.outcome) == ["failed", "succeeded"], "\(attempts)")
    }

    @Test("a timeout ends every running host's group; nothing is left running on any host")
    func timeoutEndsEveryHost() throws {
        let hosts = try SSHTestHosts(["alpha", "beta", "gamma"])
        let sandbox = try CLISandbox()
        let marker = "6543.\(Int.random(in: 100_000..<999_999))"
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=slow host=@all parallel=3 timeout=2s}
                sleep \(marker) &
                sleep \(marker)
                ```
                """)
        let run = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "--kill-grace", "1", "book.md"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "\n    timed out after").count - 1 == 3, "\(run.stderr)")
        var left = SSHTestHosts.processes(containing: marker)
        for _ in 0..<20 where !left.isEmpty {
            usleep(100_000)
            left = SSHTestHosts.processes(containing: marker)
        }
        #expect(left.isEmpty, "still running on a host: \(left)")
    }

    @Test("Ctrl-C reaches every running host; the run is interrupted with each host's attempt recorded")
    func interruptReachesEveryHost() throws {
        let hosts = try SSHTestHosts(["alpha", "beta", "gamma"])
        let sandbox = try CLISandbox()
        let marker = "7654.\(Int.random(in: 100_000..<999_999))"
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=long host=@all parallel=3}
                touch "$RUNBOOK_TEST_SCRATCH/started"
                sleep \(marker)
                ```
                """)
        var environment = ProcessInfo.processInfo.environment
        environment["RUNBOOK_SSH_COMMAND"] = hosts.sshCommand
        let (process, out, err) = try sandbox.start(["run", "--auto", "book.md"], environment: environment)
        for host in hosts.hosts {
            for _ in 0..<300 where !FileManager.default.fileExists(atPath: host.scratch + "/started") {
                usleep(100_000)
            }
        }
        kill(process.processIdentifier, SIGINT)
        let result = CLISandbox.Result(ProgramRun.collect(process, stdout: out, stderr: err, timeout: 60))
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "\n    interrupted after").count - 1 == 3, "\(result.stderr)")
        var left = SSHTestHosts.processes(containing: marker)
        for _ in 0..<20 where !left.isEmpty {
            usleep(100_000)
            left = SSHTestHosts.processes(containing: marker)
        }
        #expect(left.isEmpty, "still running on a host: \(left)")
        let attempts = try Self.attempts(sandbox, hosts, try RemoteHostsTests.runID(result))
        #expect(attempts.map(\.host).sorted() == ["a", "b", "c"], "\(attempts)")
        #expect(attempts.allSatisfy { $0.outcome == "interrupted" }, "\(attempts)")
    }
    @Test(
        "local in a fan-out runs here, in the run's session, recorded with no remote host; serial and parallel",
        arguments: ["", "parallel=3"])
    func localInFanOut(parallel: String) throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ```bash {id=setup}
                export SEEN=from-here
                ```

                ```bash {id=everywhere hosts=local,a,b \(parallel)}
                echo "on ${RUNBOOK_TEST_HOST-here} seen=${SEEN-unset}"
                export FANNED=${RUNBOOK_TEST_HOST-here}
                ```

                ```bash {id=after}
                echo "after fanned=${FANNED-unset}"
                ```
                """)
        let run = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("[local] on here seen=from-here\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[a] on alpha seen=unset\n"), "\(run.stdout)")
        #expect(run.stdout.contains("[b] on beta seen=unset\n"), "\(run.stdout)")
        #expect(run.stdout.contains("after fanned=here\n"), "the local attempt did not run in the run's session")
        let attempts = try Self.attempts(sandbox, hosts, try RemoteHostsTests.runID(run))
        let fanned = attempts.filter { $0.stdout.hasPrefix("on ") }
        #expect(fanned.map(\.host).sorted() == ["a", "b", "local"], "\(attempts)")
        #expect(fanned.first { $0.host == "local" }?.stdout == "on here seen=from-here\n", "\(attempts)")
        // The export's per-host table has a row for every host of the fan-out, here included.
        let markdown = try RemoteHostsTests.run(
            sandbox, hosts, ["export", try RemoteHostsTests.runID(run), "--format", "md"])
        for host in ["local", "a", "b"] {
            #expect(markdown.stdout.contains("| \(host) | 1 | succeeded"), "\(markdown.stdout)")
        }
    }
    @Test("prerequisites, validation and rollback items take host: each runs on its host")
    func frontMatterItemsOnHosts() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: items
            hosts:
              a: alpha
              b: beta
            prerequisites:
              - name: alpha is there
                run: test "$RUNBOOK_TEST_HOST" = alpha && touch "$RUNBOOK_TEST_SCRATCH/checked"
                host: a
            validation:
              - name: beta saw it
                run: test "$RUNBOOK_TEST_HOST" = beta && touch "$RUNBOOK_TEST_SCRATCH/validated"
                host: b
            rollback:
              - name: undo on alpha
                run: test "$RUNBOOK_TEST_HOST" = alpha && touch "$RUNBOOK_TEST_SCRATCH/undone"
                host: a
            ---
            # Items

            ```bash {id=here}
            echo "here ${RUNBOOK_TEST_HOST-none}"
            ```
            """)
        let run = try RemoteHostsTests.run(sandbox, hosts, ["run", "--auto", "book.md"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: hosts.host("alpha").scratch + "/checked"))
        #expect(FileManager.default.fileExists(atPath: hosts.host("beta").scratch + "/validated"))
        let rollback = try RemoteHostsTests.run(
            sandbox, hosts, ["rollback", try RemoteHostsTests.runID(run), "--auto", "--yes", "--allow-destructive"])
        // A run that was rolled back exits 1, as `runbook rollback` always does after a rollback.
        #expect(rollback.status == 1, "\(rollback.stdout)\n\(rollback.stderr)")
        #expect(FileManager.default.fileExists(atPath: hosts.host("alpha").scratch + "/undone"), "\(rollback.stderr)")
        let attempts = try Self.attempts(sandbox, hosts, try RemoteHostsTests.runID(run))
        #expect(attempts.map(\.host) == ["a", "local", "b", "a"], "\(attempts)")
    }
    @Test(
        "interactive: parallel hosts' lines each behind their host's mark; each end names its host; retry runs the failed one"
    )
    func interactiveParallel() throws {
        let hosts = try SSHTestHosts(["alpha", "beta"])
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.frontMatter + """
                ## Everywhere
                ```bash {id=everywhere hosts=a,b parallel=2}
                echo "ran on $RUNBOOK_TEST_HOST"
                echo ran >> "$RUNBOOK_TEST_SCRATCH/count"
                test "$RUNBOOK_TEST_HOST" != beta || test -e "$RUNBOOK_TEST_SCRATCH/ready"
                ```
                """)
        let terminal = try RemoteHostsTests.interactiveRun(sandbox, hosts)
        try terminal.expect("Start the run? [Y/n]", within: 30)
        terminal.type("\r")
        try terminal.expect("Step 1/1 · Everywhere", within: 30)
        try terminal.expect("> ")
        terminal.type("r")
        let screen = try terminal.expect("The step failed.", within: 60)
        for piece in [
            "Running Everywhere on a", "Running Everywhere (attempt 2) on b", "│ [a] ran on alpha",
            "│ [b] ran on beta",
        ] {
            #expect(screen.contains(piece), "missing \(piece.debugDescription) in:\n\(screen)")
        }
        let lines = screen.split(separator: "\n")
        #expect(lines.contains { $0.contains("exit 0 ·") && $0.hasSuffix("· on a") }, "\(screen)")
        #expect(lines.contains { $0.contains("exit 1 ·") && $0.hasSuffix("· on b") }, "\(screen)")
        try terminal.expect("> ")
        #expect(FileManager.default.createFile(atPath: hosts.host("beta").scratch + "/ready", contents: nil))
        terminal.type("r")
        let retried = try terminal.expect("Running Everywhere (attempt 3) on b", within: 30)
        #expect(!retried.contains("on a"))
        try terminal.expect("Summary · run ", within: 30)
        try terminal.expect("> ")
        terminal.type("\r")
        #expect(try terminal.waitForExit(within: 30) == 0)
    }
}
