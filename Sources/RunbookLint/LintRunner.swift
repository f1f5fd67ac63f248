import Foundation
import RunbookDocument
import RunbookParsing

/// Lints many files in parallel and returns their results in input order.
///
/// Each worker reads, parses and lints one file and keeps only the findings, so memory stays
/// flat however large the docs tree is.
public struct LintRunner: Sendable {
    public var linter: Linter

    public init(linter: Linter) {
        self.linter = linter
    }

    /// Lints `targets`, each with the configuration at the same index.
    public func run(_ targets: [MarkdownFileFinder.Found], configurations: [LintConfiguration]) -> LintReport {
        precondition(targets.count == configurations.count, "one configuration per target")
        let slots = ResultSlots(count: targets.count)
        let linter = self.linter
        DispatchQueue.concurrentPerform(iterations: targets.count) { index in
            slots.set(index, LintRunner.lint(targets[index], configuration: configurations[index], linter: linter))
        }
        return LintReport(files: slots.results, rules: linter.registry.descriptions)
    }

    /// Lints one file.
    public static func lint(_ target: MarkdownFileFinder.Found, configuration: LintConfiguration, linter: Linter)
        -> FileResult
    {
        let runbook: Runbook
        do {
            runbook = try RunbookParser().parse(contentsOf: target.path)
        } catch {
            return FileResult(path: target.path, status: .unreadable(error.description))
        }
        let unreadable = runbook.diagnostics.contains { $0.code == "not-utf8" || $0.code == "binary-file" }
        if !target.wasNamed && !runbook.looksLikeRunbook && !unreadable {
            return FileResult(path: target.path, status: .skipped)
        }
        return FileResult(
            path: target.path, status: .linted, findings: linter.lint(runbook, configuration: configuration))
    }
}

/// Results written by concurrent workers, one slot each.
private final class ResultSlots: @unchecked Sendable {
    private var storage: [FileResult?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: FileResult) {
        lock.lock()
        storage[index] = result
        lock.unlock()
    }

    var results: [FileResult] { storage.map { $0! } }
}
