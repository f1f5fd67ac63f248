import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookLint

/// Runs the built `runbook` executable (found by `BuiltProducts`) and checks exit codes and
/// output end to end.
@Suite struct CommandLineTests {
    static let executable = BuiltProducts.runbook

    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        let run = try ProgramRun.run(
            Self.executable, ["lint", "--shellcheck", "off"] + arguments, directory: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, timeout: 120)
        #expect(!run.timedOut, "runbook lint ran past its deadline and was killed")
        return Result(status: run.status, output: run.stdoutText, errors: run.stderrText)
    }

    static let clean = """
        ---
        title: Check the pool
        prerequisites:
          - name: zfs tools present
            run: command -v zpool
        ---

        ```bash {expect=strict}
        zpool status -x
        ```
        ```output
        all pools are healthy
        ```

        """

    static let warningsOnly =
        "---\ntitle: Snapshot\n---\n\n```bash {expect=strict}\nzfs snapshot \"$POOL@now\"\n```\n```output\n```\n"

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "build the package first: swift build")
    }

    @Test func cleanRunbookExitsZero() throws {
        let directory = TemporaryDirectory()
        directory.write("runbooks/check.md", Self.clean)
        let result = try run(["runbooks"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.output == "No problems found in 1 file.\n")
    }

    @Test func errorsExitOneAndFailOnMovesTheThreshold() throws {
        let directory = TemporaryDirectory()
        directory.write("a.md", "---\ntitle: T\n---\n\n```bash\nzpool status\n```\n")
        let result = try run(["a.md"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("a.md:1:1: error: This runbook never checks that it worked"))
        #expect(result.output.contains("[RB010/no-validation]"))
        #expect(try run(["--fail-on", "never", "a.md"], in: directory.path).status == 0)
    }

    @Test func warningsPassByDefaultButNotWithFailOnWarning() throws {
        let directory = TemporaryDirectory()
        directory.write("w.md", Self.warningsOnly)
        #expect(try run(["w.md"], in: directory.path).status == 0)
        #expect(try run(["--fail-on", "warning", "w.md"], in: directory.path).status == 1)
    }

    @Test func unreadableFilesAndBadUsageExitTwo() throws {
        let directory = TemporaryDirectory()
        directory.write("a.md", Self.clean)
        let missing = try run(["a.md", "missing.md"], in: directory.path)
        #expect(missing.status == 2)
        #expect(missing.errors.contains("missing.md: cannot read the runbook: no such file."))
        #expect(try run(["--format", "xml", "a.md"], in: directory.path).status == 2)
        directory.write(".runbook-lint.yml", "disable: [RB999]\n")
        let badConfig = try run(["a.md"], in: directory.path)
        #expect(badConfig.status == 2)
        #expect(badConfig.errors.contains("'disable' names 'RB999'"))
    }

    @Test func shellcheckOnWithoutShellcheckIsAUsageError() throws {
        let directory = TemporaryDirectory()
        directory.write("a.md", Self.clean)
        let result = try run(["--shellcheck", "on", "a.md"], in: directory.path, environment: ["PATH": "/nonexistent"])
        #expect(result.status == 2)
        #expect(result.errors.contains("shellcheck is not installed"))
    }

    @Test func walkedReadmesAreSkippedButNamedOnesAreLinted() throws {
        let directory = TemporaryDirectory()
        directory.write("docs/README.md", "# Docs\n\nSee the runbooks.\n")
        directory.write("docs/check.md", Self.clean)
        let walked = try run(["docs"], in: directory.path)
        #expect(walked.output == "No problems found in 1 file (1 without front matter or commands skipped).\n")
        let named = try run(["--fail-on", "warning", "docs/README.md"], in: directory.path)
        #expect(named.output.contains("docs/README.md:1:1: warning: This runbook has no YAML front matter"))
        #expect(named.status == 1)
    }

    @Test func configFileAndOptionApply() throws {
        let directory = TemporaryDirectory()
        directory.write("a.md", "---\ntitle: T\n---\n\n```bash\nzpool status\n```\n")
        directory.write(".runbook-lint.yml", "disable: [no-validation]\n")
        #expect(try run(["a.md"], in: directory.path).status == 0)
        directory.write("strict.yml", "severity: { RB013: error }\n")
        let strict = try run(["--config", "strict.yml", "a.md"], in: directory.path)
        #expect(strict.status == 1)
        #expect(strict.output.contains("[RB010/no-validation]"))
    }

    @Test func machineFormatsKeepStdoutClean() throws {
        let directory = TemporaryDirectory()
        directory.write("w.md", Self.warningsOnly)
        for format in ["json", "sarif"] {
            let result = try run(["--format", format, "w.md"], in: directory.path)
            #expect(result.status == 0)
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) != nil, "\(format) output is JSON")
            #expect(result.errors == "0 errors, 2 warnings and 0 notes in 1 of 1 file.\n")
        }
        let github = try run(["--format", "github", "w.md"], in: directory.path)
        #expect(
            github.output.contains(
                "\n::warning file=w.md,line=6,col=15,title=RB014/undeclared-variable::'POOL' is not declared"))
    }

    @Test func colourFollowsTheOptionAndNoColor() throws {
        let directory = TemporaryDirectory()
        directory.write("w.md", Self.warningsOnly)
        #expect(try run(["--color", "always", "w.md"], in: directory.path).output.contains("\u{1B}["))
        #expect(!(try run(["w.md"], in: directory.path, environment: ["NO_COLOR": "1"]).output.contains("\u{1B}[")))
    }

    @Test func placeholderAndNeverEndingStepAreReportedEndToEnd() throws {
        let directory = TemporaryDirectory()
        directory.write("logs.md", "---\ntitle: Logs\n---\n\n```bash\nkubectl logs -f <pod-name>\n```\n")
        let result = try run(["--format", "json", "logs.md"], in: directory.path)
        #expect(result.output.contains("\"rule\" : \"RB024\""), "\(result.output)")
        #expect(result.output.contains("\"rule\" : \"RB026\""), "\(result.output)")
        #expect(result.output.contains("<pod-name>"), "\(result.output)")
    }

    @Test func listRulesShowsEveryRule() throws {
        let directory = TemporaryDirectory()
        let result = try run(["--list-rules"], in: directory.path)
        #expect(result.status == 0)
        #expect(result.output.contains("RB010  no-validation"))
        #expect(result.output.split(separator: "\n").count == RuleRegistry.standard.rules.count)
    }

    @Test func outputOrderIsTheInputOrderWhateverTheParallelism() throws {
        let directory = TemporaryDirectory()
        for index in 0..<40 {
            directory.write(String(format: "d/%02d.md", index), "---\ntitle: T\n---\n\n```bash\nzpool status\n```\n")
        }
        let first = try run(["d"], in: directory.path).output
        #expect(first == (try run(["d"], in: directory.path).output))
        let files = first.split(separator: "\n").dropLast().map { $0.split(separator: ":")[0] }
        #expect(files == files.sorted())
    }
}
