import Foundation
import RunbookTestSupport
import Testing

/// `runbook test`: runbooks as tests, through the built binary.
@Suite("runbook test")
struct TestCommandTests {
    /// A runbook whose steps print what a test run gives them.
    static let environmentProbe = """
        ---
        id: probe
        test:
          vars: {GREETING: from-test-block, TARGET: from-test-block}
        variables:
          GREETING: {default: from-default}
          TARGET: {default: from-default}
        ---
        # Probe

        ```bash {id=where}
        echo "home=$HOME"
        echo "tmp=$TMPDIR"
        echo "cwd=$(pwd)"
        echo "greeting=$GREETING target=$TARGET"
        ```
        """

    @Test("The shipped examples pass under `runbook test`, which exits 0")
    func examplesPass() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["test", CLISandbox.repositoryPath("runbooks/examples")], withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("3 runbooks: 3 passed, 0 failed, 0 skipped"), "\(result.stdout)")
        #expect(
            result.stdout.contains("skipped note-in-the-run-how-long: a manual step"),
            "manual steps are skipped, with why")
    }

    @Test("Every shipped runbook passes or is skipped with its reason; none touches a real pool")
    func shippedRunbooks() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["test", "--tap", CLISandbox.repositoryPath("runbooks")], withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let points = result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") || $0.hasPrefix("not ok ") }
        #expect(points.count == 11, "\(result.stdout)")
        #expect(points.filter { $0.contains("/homelab/") }.allSatisfy { $0.contains(" # SKIP ") }, "\(result.stdout)")
        #expect(
            points.filter { $0.contains("/examples/") }.allSatisfy { !$0.contains(" # SKIP ") && $0.hasPrefix("ok ") })
    }

    @Test("Each runbook gets a fresh HOME, TMPDIR and working directory; test vars apply and --var wins")
    func scratchEnvironment() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("probe.md", TestCommandTests.environmentProbe)
        let result = try sandbox.run(
            ["test", "--var", "TARGET=from-option", "--records", sandbox.records, "probe.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let history = try sandbox.run(["history", "--json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let runID = try #require(runs.first?["id"] as? String, "the test run is in the records --records named")
        let log = try sandbox.run(["log", runID])
        #expect(log.status == 0, "\(log.stderr)")
        let home = try #require(log.stdout.firstMatch(of: /\| home=(\S+)/)?.1)
        let tmp = try #require(log.stdout.firstMatch(of: /\| tmp=(\S+)/)?.1)
        let cwd = try #require(log.stdout.firstMatch(of: /\| cwd=(\S+)/)?.1)
        #expect(home.contains("runbook-test-probe.") && home.hasSuffix("/home"), "\(home)")
        #expect(tmp.hasSuffix("/tmp") && tmp.dropLast(4) == home.dropLast(5), "TMPDIR beside HOME: \(tmp)")
        #expect(cwd.hasSuffix("/work") && cwd.dropLast(5) == home.dropLast(5), "cwd beside HOME: \(cwd)")
        #expect(String(home) != ProcessInfo.processInfo.environment["HOME"])
        #expect(log.stdout.contains("greeting=from-test-block target=from-option"), "\(log.stdout)")
        #expect(!FileManager.default.fileExists(atPath: String(home)), "a passing test's scratch directory is removed")
    }

    @Test("An expected output that does not match fails the test with the evidence, exit 1")
    func mismatchFails() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "mismatch.md",
            """
            ---
            id: mismatch
            ---
            # Mismatch

            ```bash {id=count}
            echo 3 files
            ```

            ```output
            4 files
            ```

            ```bash {id=after}
            echo after
            ```
            """)
        let result = try sandbox.run(["test", "--junit", "report.xml", "mismatch.md"], withRecords: false)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("FAIL  mismatch.md"), "\(result.stdout)")
        #expect(result.stdout.contains("step count: the output does not match the expected output"), "\(result.stdout)")
        #expect(
            result.stdout.contains("  3 files") && result.stdout.contains("  4 files"), "output and expectation shown")
        #expect(result.stdout.contains("1 runbook: 0 passed, 1 failed, 0 skipped"))
        let report = try #require(sandbox.file("report.xml"))
        #expect(report.contains("<failure message=\"the output does not match the expected output"), "\(report)")
        #expect(report.contains("name=\"after: "), "the step never reached is listed")
    }

    @Test("A destructive step is skipped with the reason unless the test block declares a sandbox")
    func destructiveNeedsSandbox() throws {
        let sandbox = try CLISandbox()
        let body = """
            # Wipe

            ```bash {id=wipe destructive=true confirm=true}
            touch "$SANDBOX/wiped"
            ```
            """
        try sandbox.write("real.md", "---\nid: real\n---\n" + body)
        let real = try sandbox.run(["test", "real.md"], withRecords: false)
        #expect(real.status == 0, "\(real.stdout)\n\(real.stderr)")
        #expect(
            real.stdout.contains(
                "skipped wipe: destructive, and the runbook's test block does not declare its target a sandbox"),
            "\(real.stdout)")
        #expect(
            !FileManager.default.fileExists(atPath: sandbox.directory + "/wiped"), "the destructive step did not run")

        try sandbox.write("throwaway.md", "---\nid: throwaway\ntest: {sandbox: true}\n---\n" + body)
        let throwaway = try sandbox.run(["test", "throwaway.md"], withRecords: false)
        #expect(throwaway.status == 0, "\(throwaway.stdout)\n\(throwaway.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.directory + "/wiped"), "in a sandbox it runs")
    }

    @Test("A runbook whose requirements are absent, or that says skip, is skipped with the reason")
    func skippedWithReason() throws {
        let sandbox = try CLISandbox()
        let step = "# S\n\n```bash\ntouch \"$SANDBOX/ran\"\n```\n"
        try sandbox.write("needs-tool.md", "---\nid: needs-tool\ntest: {requires: [no-such-tool-here]}\n---\n" + step)
        try sandbox.write(
            "needs-pool.md",
            "---\nid: needs-pool\ntest: {check: 'test \"$POOL\" = present', vars: {POOL: absent}}\n---\n" + step)
        try sandbox.write("never.md", "---\nid: never\ntest: {skip: needs the backup host}\n---\n" + step)
        let result = try sandbox.run(
            ["test", "--tap", "needs-tool.md", "needs-pool.md", "never.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["TAP version 13", "1..3"], "\(result.stdout)")
        #expect(
            lines.contains(
                "ok 1 - needs-tool (needs-tool.md) # SKIP requires no-such-tool-here, which is not on PATH here"),
            "\(result.stdout)")
        #expect(
            lines.contains {
                $0.hasPrefix("ok 2 - needs-pool (needs-pool.md) # SKIP its sandbox is not available here: the check")
            }, "\(result.stdout)")
        #expect(lines.contains("ok 3 - never (never.md) # SKIP needs the backup host"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory + "/ran"))
    }

    @Test("A failure in TAP is `not ok` with a YAML block")
    func tapFailure() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "fails.md", "---\nid: fails\n---\n# F\n\n```bash {id=boom}\necho '# not a directive'\nexit 7\n```\n")
        let result = try sandbox.run(["test", "--tap", "fails.md"], withRecords: false)
        #expect(result.status == 1)
        #expect(
            result.stdout.contains("not ok 1 - fails (fails.md)\n  ---\n  message: \"step boom: failed: exit status 7"),
            "\(result.stdout)")
        #expect(result.stdout.contains("  ..."))
    }

    @Test("The JUnit report is well-formed JUnit that a real consumer reads")
    func junitParses() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "fails.md",
            "---\nid: fails\n---\n# F <&>\n\n```bash {id=boom}\nprintf 'bad \\033[31mred & <b>\\n'\nexit 7\n```\n")
        try sandbox.write("never.md", "---\nid: never\ntest: {skip: \"not here\"}\n---\n# N\n\n```bash\ntrue\n```\n")
        let result = try sandbox.run(
            [
                "test", "--junit", "report.xml", CLISandbox.repositoryPath("runbooks/examples/log-rotation.md"),
                "fails.md", "never.md",
            ],
            withRecords: false)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        // The structure GitLab and Jenkins read, checked with Python's standard library.
        let structure = try CLISandbox.shell(
            [
                "python3", "-c",
                """
                import sys, xml.etree.ElementTree as ET
                root = ET.parse(sys.argv[1]).getroot()
                assert root.tag == "testsuites", root.tag
                suites = root.findall("testsuite")
                assert [s.get("name") for s in suites] == ["log-rotation", "fails", "never"], [s.get("name") for s in suites]
                for suite in suites:
                    cases = suite.findall("testcase")
                    assert int(suite.get("tests")) == len(cases)
                    assert int(suite.get("failures")) == len([c for c in cases if c.find("failure") is not None])
                    assert int(suite.get("skipped")) == len([c for c in cases if c.find("skipped") is not None])
                    for case in cases:
                        assert case.get("classname") and case.get("name") and float(case.get("time")) >= 0
                failure = suites[1].find("testcase/failure")
                assert "exit status 7" in failure.get("message"), failure.get("message")
                assert "bad \\\\x1B[31mred & <b>" in failure.text, failure.text
                assert suites[2].find("testcase/skipped").get("message") == "not here"
                assert int(root.get("failures")) == 1
                print("ok")
                """, sandbox.directory + "/report.xml",
            ], directory: sandbox.directory)
        #expect(structure.stdout == "ok\n", "\(structure.stdout)\(structure.stderr)")
        // junitparser as a real consumer; .ci/run installs Debian's python3-junitparser.
        guard let python = InstalledTools.python(importing: "junitparser") else {
            Issue.record(
                "no python3 can import junitparser (apt-get install python3-junitparser, as .ci/run does); the consumer check did not run"
            )
            return
        }
        let consumer = try CLISandbox.shell(
            [
                python, "-c",
                """
                import sys
                from junitparser import JUnitXml, Failure, Skipped
                xml = JUnitXml.fromfile(sys.argv[1])
                results = [(suite.name, case.name, [type(r).__name__ for r in case.result]) for suite in xml for case in suite]
                assert any(s == "fails" and "Failure" in r for s, _, r in results), results
                assert any(s == "never" and "Skipped" in r for s, _, r in results), results
                assert all(r == [] for s, _, r in results if s == "log-rotation"), results
                print(len(results))
                """, sandbox.directory + "/report.xml",
            ], directory: sandbox.directory)
        #expect(consumer.status == 0, "\(consumer.stderr)")
        #expect(Int(consumer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 10)
    }

    @Test(
        "A block's relative cwd is the runbook's own directory, named relative or not, while the rest runs in scratch")
    func relativeBlockDirectory() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/sub", withIntermediateDirectories: true)
        try sandbox.write("sub/marker.txt", "here\n")
        try sandbox.write(
            "sub/book.md",
            "---\nid: book\n---\n# B\n\n```bash {id=beside cwd=.}\ncat marker.txt\n```\n\n```output\nhere\n```\n")
        let result = try sandbox.run(["test", "sub/book.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("PASS  sub/book.md"), "the path as given: \(result.stdout)")
    }

    @Test("Ctrl-C stops the step and the whole session: exit 3, nothing after it tested, no process left")
    func interrupt() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "a-slow.md",
            "---\nid: slow\n---\n# S\n\n```bash {id=wait}\necho $BASHPID > \"$SANDBOX/pid\"\nexec sleep 30\n```\n")
        try sandbox.write("b-after.md", "---\nid: after\n---\n# A\n\n```bash\ntouch \"$SANDBOX/after\"\n```\n")
        let (process, out, err) = try sandbox.start(["test", "a-slow.md", "b-after.md"], withRecords: false)
        #expect(sandbox.waitFor("pid"), "the step started")
        usleep(200_000)
        kill(process.processIdentifier, SIGINT)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3, "\(stdout)\(stderr)")
        #expect(stderr.contains("interrupted; the runbooks after a-slow.md were not tested"), "\(stderr)")
        #expect(stdout.contains("FAIL  a-slow.md"), "\(stdout)")
        #expect(sandbox.file("after") == nil)
        let pid = try #require(Int32(sandbox.file("pid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        #expect(kill(pid, 0) != 0, "the step's sleep is gone")
    }

    @Test("Nothing to test is a usage error, exit 2")
    func nothingToTest() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/empty", withIntermediateDirectories: true)
        let result = try sandbox.run(["test", "empty"], withRecords: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("runbook: no runbook to test in empty"), "\(result.stderr)")
    }
}
