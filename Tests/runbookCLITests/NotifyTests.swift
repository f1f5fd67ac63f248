import Foundation
import RunbookTestSupport
import Testing

/// `notify:` end to end through the built binary: webhooks posted to a real HTTP receiver on
/// 127.0.0.1, a command reading the event on stdin, the outcome of each delivery in the log.
@Suite("notify: tells commands and webhooks about a run without holding it up")
struct NotifyTests {
    /// A runbook whose one step runs `command`, with `notify` as its front matter's list.
    static func book(notify: String, command: String = "echo done", title: String = "Rotate keys") -> String {
        """
        ---
        title: \(title)
        variables:
          TOKEN: { secret: true }
        notify:
        \(notify)
        ---
        # \(title)

        ```bash {id=work}
        \(command)
        ```

        """
    }

    /// Runs `book.md` in `sandbox` with its own configuration directory (so a user's own
    /// `config.yaml` is not read) and the secret given.
    static func run(_ sandbox: CLISandbox, _ extra: [String] = []) throws -> CLISandbox.Result {
        try sandbox.run(
            ["run", "--auto", "book.md", "--var", "TOKEN=s3cr3t-value-42"] + extra,
            environment: ["XDG_CONFIG_HOME": sandbox.directory + "/config"])
    }

    static func log(_ sandbox: CLISandbox) throws -> String {
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        let id = try #require(runs?.first?["id"] as? String)
        return try sandbox.run(["log", id]).stdout
    }

    @Test("ntfy, Slack and Matrix bodies, each with the run's secret redacted")
    func webhookFormats() throws {
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [failed]
                        webhook: \(receiver.url)/alerts
                        format: ntfy
                      - on: [failed]
                        webhook: \(receiver.url)/services/T0/B0/xyz
                        format: slack
                      - on: [failed, completed]
                        webhook: \(receiver.url)/webhook/abc
                        format: matrix
                      - on: [completed]
                        webhook: \(receiver.url)/never
                    """, command: "exit 3", title: "Rotate s3cr3t-value-42"))
        let run = try Self.run(sandbox)
        #expect(run.status == 1, "\(run.stderr)")
        // The run waited for its deliveries: they are all there when it has exited.
        let requests = receiver.requests
        #expect(requests.count == 3, "\(requests.map(\.target))")
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.headers["content-type"] == "application/json")
            #expect(!request.bodyText.contains("s3cr3t-value-42"), "\(request.bodyText)")
            #expect(request.bodyText.contains("[secret:TOKEN]"), "\(request.bodyText)")
        }
        let ntfy = try #require(requests.first { $0.target == "/" }?.json)
        #expect(ntfy["topic"] as? String == "alerts")
        #expect((ntfy["message"] as? String)?.contains("failed") == true, "\(ntfy)")
        #expect((ntfy["title"] as? String)?.hasSuffix(": failed") == true, "\(ntfy)")
        #expect(ntfy["priority"] as? Int == 4)
        #expect(ntfy["tags"] as? [String] == ["x"])
        let slack = try #require(requests.first { $0.target == "/services/T0/B0/xyz" }?.json)
        #expect(Array(slack.keys) == ["text"])
        #expect((slack["text"] as? String)?.contains("failed at step work") == true, "\(slack)")
        let matrix = try #require(requests.first { $0.target == "/webhook/abc" }?.json)
        #expect(Set(matrix.keys) == ["text", "username"])
        #expect(matrix["username"] as? String == "runbook")

        let log = try Self.log(sandbox)
        #expect(log.components(separatedBy: "delivered after 1 try (HTTP 200)").count == 4, "\(log)")
        #expect(log.contains("ntfy webhook http://127.0.0.1:\(receiver.port)"), "\(log)")
        #expect(!log.contains("/services/T0"), "a webhook's path can hold its token: \(log)")
    }

    @Test("a receiver that never answers: the run ends within the bound and records the failure")
    func hangingReceiver() throws {
        let receiver = try HTTPReceiver { _ in .hang }
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [completed]
                        webhook: \(receiver.url)/hook
                        format: slack
                    """))
        let started = Date()
        let run = try Self.run(sandbox)
        let elapsed = Date().timeIntervalSince(started)
        #expect(run.status == 0, "\(run.stderr)")
        // At most five seconds of waiting for the delivery, then the binary's own start on a busy machine.
        #expect(elapsed < 10, "the run took \(elapsed) s")
        #expect(
            run.stderr.contains(
                "runbook: could not tell slack webhook http://127.0.0.1:\(receiver.port) that the run completed"),
            "\(run.stderr)")
        #expect(receiver.requests.count >= 1)
        let log = try Self.log(sandbox)
        #expect(log.contains("completed to slack webhook"), "\(log)")
        #expect(log.contains("not delivered"), "\(log)")
        #expect(log.contains("timed out"), "\(log)")
        #expect(log.contains("finished: completed"), "\(log)")
    }

    @Test("a receiver that fails twice then answers: delivered on the third try")
    func retries() throws {
        let receiver = try HTTPReceiver { index in index < 2 ? .status(503) : .status(200) }
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [completed]
                        webhook: \(receiver.url)/hook
                    """))
        let run = try Self.run(sandbox)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(receiver.requests.count == 3)
        let body = try #require(receiver.requests.last?.json)
        #expect(body["event"] as? String == "completed" && body["status"] as? String == "completed", "\(body)")
        let log = try Self.log(sandbox)
        #expect(log.contains("delivered after 3 tries (HTTP 200)"), "\(log)")
        let history = try sandbox.run(["history", "--json"])
        let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        let id = try #require(runs?.first?["id"] as? String)
        let line = "completed to json webhook http://127.0.0.1:\(receiver.port): delivered after 3 tries (HTTP 200)"
        let markdown = try sandbox.run(["export", id, "--format", "md"]).stdout
        #expect(markdown.contains("### Notifications\n\n- \(line)"), "\(markdown)")
        #expect(try sandbox.run(["export", id, "--format", "html"]).stdout.contains("<li>\(line)</li>"))
        let json = try sandbox.run(["export", id, "--format", "json"]).stdout
        #expect(json.contains("\"kind\":\"notified\""), "\(json)")
    }

    @Test("a template: each {{name}} filled in, JSON-escaped; a deviation told as it happens")
    func templateAndDeviation() throws {
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [deviation]
                        webhook: \(receiver.url)/hook
                        template: '{"what": "{{event}}", "run": "{{runID}}", "title": "{{title}}", "left": "{{unknown}}"}'
                    """, command: "printf 'one\\n'", title: "Say \"hi\""
            )
                + "```output\ntwo\n```\n")
        let run = try Self.run(sandbox)
        #expect(run.status == 0, "\(run.stderr)")
        let request = try #require(receiver.requests.first)
        let body = try #require(request.json, "\(request.bodyText)")
        #expect(body["what"] as? String == "deviation")
        #expect(body["title"] as? String == "Say \"hi\"")
        #expect(body["left"] as? String == "{{unknown}}")
        #expect((body["run"] as? String)?.count == 26)
    }

    @Test("paused, then failed on resume: each told once, to the targets that asked")
    func pausedThenFailed() throws {
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [paused]
                        webhook: \(receiver.url)/paused
                      - on: [failed, interrupted]
                        webhook: \(receiver.url)/failed
                    """, command: "exit 4"))
        let paused = try Self.run(sandbox, ["--on-failure", "pause"])
        #expect(paused.status == 3, "\(paused.stderr)")
        #expect(receiver.requests.map(\.target) == ["/paused"])
        #expect(receiver.requests.first?.json?["status"] as? String == "paused")
        let resumed = try sandbox.run(
            ["resume", "--auto", "--var", "TOKEN=s3cr3t-value-42"],
            environment: ["XDG_CONFIG_HOME": sandbox.directory + "/config"])
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(receiver.requests.map(\.target) == ["/paused", "/failed"])
        #expect(receiver.requests.last?.json?["step"] as? String == "work")
    }

    @Test("https goes through curl when it is installed, and says so when it is not")
    func httpsThroughCurl() throws {
        // A plain-HTTP receiver: curl's TLS handshake with it fails, which proves curl was asked.
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: "  - on: [completed]\n    webhook: https://127.0.0.1:\(receiver.port)/hook\n    format: slack"))
        #expect(try Self.run(sandbox).status == 0)
        let log = try Self.log(sandbox)
        #expect(log.contains("completed to slack webhook https://127.0.0.1:\(receiver.port): not delivered"), "\(log)")
        if InstalledTools.onPath(["curl"]) != nil {
            #expect(log.contains("(curl: "), "\(log)")
        } else {
            #expect(log.contains("curl, which is not installed (runbook has no TLS of its own)"), "\(log)")
        }

        // Without curl on PATH, whatever this machine has.
        let bin = sandbox.directory + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        for tool in ["bash", "sh", "cat", "env"] {
            if let path = InstalledTools.onPath([tool]) {
                try FileManager.default.createSymbolicLink(atPath: bin + "/" + tool, withDestinationPath: path)
            }
        }
        let second = try CLISandbox()
        try second.write("book.md", try #require(sandbox.file("book.md")))
        let run = try second.run(
            ["run", "--auto", "book.md", "--var", "TOKEN=x"],
            environment: ["XDG_CONFIG_HOME": second.directory + "/config", "PATH": bin])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("curl, which is not installed (runbook has no TLS of its own)"), "\(run.stderr)")
    }

    @Test("runbook test rehearses without telling anyone")
    func rehearsalsPageNobody() throws {
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(notify: "  - on: [completed, failed]\n    webhook: \(receiver.url)/hook\n    format: slack"))
        let test = try sandbox.run(
            ["test", "book.md", "--var", "TOKEN=x"], environment: ["XDG_CONFIG_HOME": sandbox.directory + "/config"],
            withRecords: false)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        usleep(300_000)
        #expect(receiver.requests.isEmpty)
    }

    @Test("a refusal (4xx) is not retried")
    func refusalIsFinal() throws {
        let receiver = try HTTPReceiver { _ in .status(404) }
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md", Self.book(notify: "  - on: [completed]\n    webhook: \(receiver.url)/gone\n    format: slack"))
        #expect(try Self.run(sandbox).status == 0)
        #expect(receiver.requests.count == 1)
        #expect(try Self.log(sandbox).contains("not delivered after 1 try (HTTP 404)"))
    }

    @Test("a command reads the event as JSON on stdin, with RUNBOOK_* variables, secrets redacted")
    func commandNotifier() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [paused, failed]
                        command: cat > "$SANDBOX/event.json"; printf '%s %s %s %s' "$RUNBOOK_RUN_ID" "$RUNBOOK_RUNBOOK" "$RUNBOOK_STATUS" "$RUNBOOK_EVENT" > "$SANDBOX/variables"
                    """, command: "echo failing; exit 2", title: "Rotate s3cr3t-value-42"))
        let run = try Self.run(sandbox)
        #expect(run.status == 1, "\(run.stderr)")
        let text = try #require(sandbox.file("event.json"))
        #expect(!text.contains("s3cr3t-value-42"), "\(text)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(event["event"] as? String == "failed")
        #expect(event["status"] as? String == "failed")
        #expect(event["runbook"] as? String == "book")
        #expect(event["title"] as? String == "Rotate [secret:TOKEN]")
        let runID = try #require(event["runID"] as? String)
        #expect(sandbox.file("variables") == "\(runID) book failed failed")
        #expect(try Self.log(sandbox).contains("delivered after 1 try (exit 0)"))
    }

    @Test("a command that hangs is killed with everything it started: no orphan outlives the run")
    func hangingCommand() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [completed]
                        command: sleep 300 & echo $! > "$SANDBOX/child"; wait
                    """))
        let started = Date()
        #expect(try Self.run(sandbox).status == 0)
        #expect(Date().timeIntervalSince(started) < 10)
        let child = try #require(
            sandbox.file("child").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        usleep(200_000)
        #expect(!Self.isRunning(child), "the notify command's child \(child) is still running")
        #expect(try Self.log(sandbox).contains("not delivered"))
    }

    /// True while `pid` runs: a zombie (killed, waiting for a reaper that in a container may
    /// never come) does not count.
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.range(of: ") ", options: .backwards)
        else { return false }
        return !stat[close.upperBound...].hasPrefix("Z")
    }

    @Test("the configuration file's notify: list is told about every runbook's runs")
    func configurationFile() throws {
        let receiver = try HTTPReceiver()
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(
            atPath: sandbox.directory + "/config/runbook", withIntermediateDirectories: true)
        try sandbox.write(
            "config/runbook/config.yaml",
            "notify:\n  - on: [completed]\n    webhook: \(receiver.url)/from-config\n    format: slack\n")
        try sandbox.write("book.md", "# Plain\n\n```bash {id=one}\necho one\n```\n")
        #expect(try Self.run(sandbox).status == 0)
        #expect(receiver.requests.map(\.target) == ["/from-config"])

        try sandbox.write("config/runbook/config.yaml", "notify:\n  - on: [finished]\n    command: true\n")
        let refused = try Self.run(sandbox)
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("config/runbook/config.yaml:2:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("'finished'"), "\(refused.stderr)")
    }

    @Test("lint: a malformed notify: entry is a finding at its file:line")
    func lintFindsMalformedEntries() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            Self.book(
                notify: """
                      - on: [failed]
                        webhook: ftp://example.org/x
                      - on: [failed]
                        command: true
                        webhook: http://127.0.0.1:1/x
                      - command: true
                      - on: [failed]
                        webhook: http://127.0.0.1:1/x
                        format: teams
                    """))
        let lint = try sandbox.run(["lint", "book.md"], withRecords: false)
        #expect(lint.status != 0)
        for (line, words) in [(6, "ftp://"), (8, "both"), (11, "needs 'on:'"), (12, "'teams'")] {
            #expect(
                lint.stdout.contains { _ in true }
                    && lint.stdout.split(separator: "\n").contains { finding in
                        finding.hasPrefix("book.md:\(line):") && finding.contains(words) && finding.contains("RB004")
                    }, "line \(line): \(lint.stdout)")
        }
    }
}
