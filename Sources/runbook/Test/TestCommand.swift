import ArgumentParser
import Foundation
import RunbookKit

/// `runbook test`: runbooks as tests, for CI.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run runbooks unattended in scratch directories, as tests (text, JUnit XML, TAP).",
        discussion: """
            Each runbook runs with a fresh HOME, TMPDIR and working directory. Expected output \
            and validation are assertions: any mismatch fails the step. Variables come from the \
            runbook's `test:` front matter block, then --var, then the usual defaults. Steps \
            marked destructive run only when the test block says the target is a sandbox \
            (`test: {sandbox: true}`); otherwise they are reported skipped. Manual steps are \
            skipped. A runbook whose `requires` are not on PATH, or whose `check` fails, is \
            skipped with the reason (docs/format.md, "Testing a runbook").

            Exit status: 0 every runbook passed or was skipped, 1 a test failed, 2 usage error, \
            3 interrupted (Ctrl-C or SIGTERM; the runbooks after it are not tested).

            Examples:
              runbook test runbooks/examples/
              runbook test --junit report.xml runbooks/
              runbook test --tap --var POOL=testpool backup.md
            """
    ).runbookSubcommand()

    @Argument(help: "Runbooks, or directories holding them (default: the current directory).")
    var paths: [String] = []

    @OptionGroup var variableOptions: VariableOptions

    @Option(
        name: .customLong("records"),
        help: ArgumentHelp(
            "Record the test runs in this records database (default: a records database in each scratch HOME, removed with it).",
            valueName: "path"))
    var records: String?

    @Option(
        name: .customLong("junit"),
        help: ArgumentHelp("Also write a JUnit XML report to FILE (what GitLab and Jenkins read).", valueName: "file"))
    var junit: String?

    @Flag(
        name: .customLong("tap"), help: "Write the results as TAP (Test Anything Protocol, version 13) instead of text."
    )
    var tap = false

    func run() throws {
        try RunExit.ending {
            let targets = paths.isEmpty ? ["."] : paths
            let files = try RunbookTester.runbookPaths(in: targets)
            SignalMonitor.shared.install()
            let tester = RunbookTester(
                variables: try variableOptions.values(), recordsPath: records.map(StandardOutput.absolutePath),
                toolVersion: RunbookVersion.current, signalMonitor: SignalMonitor.shared)
            var results: [RunbookTestResult] = []
            for file in files {
                let result = tester.test(path: file)
                results.append(result)
                // Each result as it comes, so a long suite shows progress.
                if !tap { StandardOutput.write(TestReportText.render(result)) }
                if result.wasInterrupted {
                    StandardError.write("runbook: interrupted; the runbooks after \(file) were not tested.")
                    break
                }
            }
            let totals = TestTotals(results)
            if tap {
                StandardOutput.write(TAPReport.render(results))
            } else {
                StandardOutput.write(TestReportText.totals(results))
            }
            if let junit {
                try RecordsAccess.emit(Array(JUnitReport.render(results).utf8), to: junit)
            }
            if results.last?.wasInterrupted == true { return RunExit.paused }
            return totals.allPassed ? .success : RunExit.failed
        }
    }
}
