import ArgumentParser
import Foundation
import RunbookKit

/// `runbook lint`: check runbooks against the rules in docs/rules/, for editors and CI.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check runbooks for missing validation, rollback, confirmation and other promises.",
        discussion: """
            Directories are searched for *.md files; files found that way without front matter \
            or commands (READMEs) are skipped, files named on the command line never are. \
            Configuration comes from the nearest .runbook-lint.yml above each file, or --config. \
            Rules and directives are described in docs/lint.md and docs/rules/.

            Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 when a file \
            or the configuration cannot be read or the options are wrong.

            Examples:
              runbook lint runbooks/
              runbook lint --format sarif . > lint.sarif
              runbook lint --format github --fail-on warning docs/
              runbook lint --inventory hosts.ini runbooks/
            """
    ).runbookSubcommand()

    @Argument(help: "Runbook files or directories (default: the current directory).")
    var paths: [String] = []

    @Option(help: "Output format: text, json, sarif or github.")
    var format: OutputFormat = .text

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when a finding is at least this severe: error, warning, note or never.")
    var failOn: FailLevel = .error

    @Option(help: "Use this configuration file for every runbook instead of the nearest .runbook-lint.yml.")
    var config: String?

    @Option(help: "Run shellcheck on bash/sh blocks: auto (when installed), on, or off.")
    var shellcheck: ShellcheckMode = .auto

    @Flag(
        name: .customLong("no-cache"),
        help: "Run shellcheck on every block instead of reusing the findings cached under $XDG_CACHE_HOME/runbook.")
    var noCache = false

    @Option(help: "Colour text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorMode = .auto

    @Flag(
        name: .customLong("list-rules"), help: "List the rules with their ids, aliases, tags and severities, then exit."
    )
    var listRules = false

    @Option(
        name: .customLong("inventory"),
        help: ArgumentHelp(
            "An Ansible inventory (read with ansible-inventory -i FILE --list) whose hosts and groups count as known to RB033, as for run --inventory.",
            valueName: "file"))
    var inventory: String?

    func run() throws {
        if listRules {
            print(RuleList.render(RuleRegistry.standard.descriptions), terminator: "")
            return
        }
        let shellcheckPath = try resolveShellcheck()
        let targets = MarkdownFileFinder.files(in: paths.isEmpty ? ["."] : paths)
        let configurations: [LintConfiguration]
        let loader = LintConfigurationLoader()
        if let config {
            let shared = try loader.load(path: config)
            configurations = targets.map { _ in shared }
        } else {
            configurations = try targets.map { target throws(LintConfigurationError) in
                try loader.configuration(forRunbookAt: target.path)
            }
        }
        let cache = noCache ? nil : shellcheckPath.flatMap { ShellcheckCache.standard(for: $0) }
        let hosts = try inventory.map { path throws(InventoryError) in
            try AnsibleInventory.load(path, environment: ProcessInfo.processInfo.environment)
        }
        let linter = Linter(shellcheckPath: shellcheckPath, shellcheckCache: cache, inventory: hosts)
        let report = LintRunner(linter: linter).run(targets, configurations: configurations)
        cache?.prune()
        let output = format.reportFormat.reporter(color: color.isEnabled).render(report)
        // `--color always` asks for the reporter's colours even into a pipe; nothing else passes.
        let mode: TerminalText.Mode = color.isEnabled ? .toolColours : .plain
        FileHandle.standardOutput.write(Data(TerminalText.filtered(Array(output.utf8), mode: mode)))
        if format.reportFormat.isMachineReadable {
            StandardError.write(report.summary)
        }
        for error in report.errors where format != .github { StandardError.write("runbook lint: \(error)") }
        if !report.errors.isEmpty { throw ExitCode(2) }
        if let threshold = failOn.severity, report.hasFindings(atLeast: threshold) { throw ExitCode(1) }
    }

    private func resolveShellcheck() throws -> String? {
        switch shellcheck {
        case .off: return nil
        case .auto: return Shellcheck.locate()
        case .on:
            guard let path = Shellcheck.locate() else {
                throw CommandError.shellcheckNotInstalled
            }
            return path
        }
    }
}

extension LintCommand {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif, github
        var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue)! }
    }

    enum FailLevel: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never
        var severity: Severity? {
            switch self {
            case .error: .error
            case .warning: .warning
            case .note: .note
            case .never: nil
            }
        }
    }

    enum ShellcheckMode: String, ExpressibleByArgument, CaseIterable {
        case auto, on, off
    }

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
        var isEnabled: Bool {
            switch self {
            case .always: true
            case .never: false
            case .auto: TextStyle.forDescriptor(STDOUT_FILENO).isEnabled
            }
        }
    }
}
