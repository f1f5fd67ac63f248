import Foundation
import RunbookKit
import Testing

/// `runbook schedule`: systemd units (checked by systemd itself) and the cron fallback.
@Suite("runbook schedule")
struct ScheduleCommandTests {
    static let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A runbook whose name holds what unit files and crontabs treat specially.
    static let awkwardName = "we'ird 100% $HOME.md"

    func environment(_ sandbox: CLISandbox) -> [String: String] {
        ["XDG_CONFIG_HOME": sandbox.directory + "/config"]
    }

    @Test("--on is read into systemd's OnCalendar= and cron's fields, or refused with examples")
    func calendar() throws {
        #expect(try CalendarSpec("Sun 03:00").onCalendar == "Sun *-*-* 03:00:00")
        #expect(try CalendarSpec("Sun 03:00").cron == "0 3 * * 0")
        #expect(try CalendarSpec("mon..fri 6:30").onCalendar == "Mon,Tue,Wed,Thu,Fri *-*-* 06:30:00")
        #expect(try CalendarSpec("Sat,Sunday 22:15").cron == "15 22 * * 6,0")
        #expect(try CalendarSpec("02:05").onCalendar == "*-*-* 02:05:00")
        #expect(try CalendarSpec("daily").onCalendar == "*-*-* 00:00:00")
        for bad in ["Sun 3", "25:00", "Sun 03:60", "Fri..Mon 03:00", "soon", "", "Sun 03:00 extra"] {
            #expect(throws: ScheduleError.calendar(bad)) { try CalendarSpec(bad) }
        }
    }

    @Test(
        "The installed timer and service pass systemd-analyze verify and run run --auto with the same records",
        .enabled(if: analyze != nil, "systemd-analyze is not installed (apt-get install -y systemd; .ci/run does)"))
    func unitsVerify() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            ScheduleCommandTests.awkwardName, "---\nid: nightly\ntitle: Nightly 100%\n---\n# N\n\n```bash\ntrue\n```\n")
        let result = try sandbox.run(
            ["schedule", ScheduleCommandTests.awkwardName, "--on", "Sun 03:00"], environment: environment(sandbox))
        #expect(result.status == 0, "\(result.stderr)")
        let directory = sandbox.directory + "/config/systemd/user"
        #expect(
            result.stdout.contains(
                "wrote \(directory)/runbook-nightly.service\nwrote \(directory)/runbook-nightly.timer\n"),
            "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "systemctl --user daemon-reload && systemctl --user enable --now runbook-nightly.timer"))
        let timer = try String(contentsOfFile: directory + "/runbook-nightly.timer", encoding: .utf8)
        let service = try String(contentsOfFile: directory + "/runbook-nightly.service", encoding: .utf8)
        #expect(timer.contains("OnCalendar=Sun *-*-* 03:00:00\n"))
        #expect(service.contains("\"run\" \"--auto\" \"--records\" \"\(sandbox.records)\""), "\(service)")
        #expect(
            service.contains("\"\(sandbox.directory)/we'ird 100%% $$HOME.md\""),
            "specifiers and variables kept literal: \(service)")
        let verify = try CLISandbox.shell(
            [
                try #require(ScheduleCommandTests.analyze), "verify", directory + "/runbook-nightly.timer",
                directory + "/runbook-nightly.service",
            ],
            directory: sandbox.directory)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stderr.isEmpty, "systemd has no complaint: \(verify.stderr)")
    }

    @Test("--print shows the units and installs nothing")
    func printOnly() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "---\nid: book\n---\n# B\n\n```bash\ntrue\n```\n")
        let result = try sandbox.run(
            ["schedule", "book.md", "--on", "daily", "--print"], environment: environment(sandbox))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("# runbook-book.service\n") && result.stdout.contains("# runbook-book.timer\n"))
        #expect(result.stdout.contains("OnCalendar=*-*-* 00:00:00"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory + "/config"))
    }

    @Test("--list shows each scheduled runbook with its last run from its records")
    func list() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "---\nid: book\n---\n# B\n\n```bash\ntrue\n```\n")
        let env = environment(sandbox)
        #expect(try sandbox.run(["schedule", "book.md", "--on", "Mon..Fri 06:30"], environment: env).status == 0)
        let before = try sandbox.run(["schedule", "--list"], environment: env, withRecords: false)
        #expect(
            before.stdout.contains("runbook-book  Mon..Fri 06:30  (OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 06:30:00)\n"),
            "\(before.stdout)")
        #expect(before.stdout.contains("last run: none"), "\(before.stdout)")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        let after = try sandbox.run(["schedule", "--list"], environment: env, withRecords: false)
        #expect(after.stdout.contains(", completed (run "), "\(after.stdout)")
    }

    @Test("Without systemd the crontab line is printed, quoted for the shell and for cron")
    func cronFallback() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(ScheduleCommandTests.awkwardName, "---\nid: nightly\n---\n# N\n\n```bash\ntrue\n```\n")
        let result = try sandbox.run(
            ["schedule", ScheduleCommandTests.awkwardName, "--on", "Sun 03:00"], environment: ["PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no systemd here"), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("0 3 * * 0 cd '\(sandbox.directory)' && '"), "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "'run' '--auto' '--records' '\(sandbox.records)' '\(sandbox.directory)/we'\\''ird 100\\% $HOME.md'\n"),
            "\(result.stdout)")
        // The command, cron's % escape undone, read back by sh word for word.
        let line = result.stdout.trimmingCharacters(in: .newlines).replacingOccurrences(of: "\\%", with: "%")
        let command = try #require(line.range(of: " && ").map { String(line[$0.upperBound...]) })
        let words = try CLISandbox.shell(
            ["sh", "-c", "for word in \(command); do printf '%s\\n' \"$word\"; done"], directory: sandbox.directory)
        #expect(
            words.stdout.hasSuffix("--records\n\(sandbox.records)\n\(sandbox.directory)/we'ird 100% $HOME.md\n"),
            "\(words.stdout)\(words.stderr)")
    }

    @Test("A schedule that is not one is refused, exit 2")
    func refused() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "---\nid: book\n---\n# B\n\n```bash\ntrue\n```\n")
        let result = try sandbox.run(["schedule", "book.md", "--on", "Sun 3"], environment: environment(sandbox))
        #expect(result.status == 2)
        #expect(result.stderr.contains("'Sun 3' is not a schedule runbook understands"), "\(result.stderr)")
        let missing = try sandbox.run(["schedule", "book.md"], environment: environment(sandbox))
        #expect(missing.status == 2)
    }
}
