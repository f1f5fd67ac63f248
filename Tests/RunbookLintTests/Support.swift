import Foundation
import RunbookDocument
import RunbookParsing

@testable import RunbookLint

/// Lints Markdown text as the file `example.md`, optionally with only one rule enabled.
func lint(
    _ markdown: String, only ruleID: String? = nil, configuration: LintConfiguration = .standard,
    shellcheck: String? = nil
) -> [Finding] {
    var configuration = configuration
    if let ruleID {
        configuration.disabled = Set(RuleRegistry.standard.descriptions.map(\.id)).subtracting([ruleID])
    }
    let runbook = RunbookParser().parse(text: markdown, path: "example.md")
    return Linter(shellcheckPath: shellcheck).lint(runbook, configuration: configuration)
}

/// `line:column` of each finding of `ruleID`, the form the tests compare.
func positions(_ findings: [Finding], _ ruleID: String) -> [String] {
    findings.filter { $0.ruleID == ruleID }.map { "\($0.location.line):\($0.location.column)" }
}

/// Analyses a shell snippet.
func analyze(_ text: String) -> ShellAnalysis {
    ShellScanner.analyze(Array(text.utf8))
}

/// A temporary directory removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "runbook-lint-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let file = (path as NSString).appendingPathComponent(relative)
        try! FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}()
