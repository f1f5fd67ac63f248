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
        let work: @Sendable (Int) -> Void = { index in
            slots.set(index, LintRunner.lint(targets[index], configuration: configurations[index], linter: linter))
        }
        if linter.shellcheckPath == nil {
            DispatchQueue.concurrentPerform(iterations: targets.count, execute: work)
        } else {
            // A worker waiting for its shellcheck uses no core: twice as many workers as
            // shellcheck may run at once keep every core busy with shellcheck while the others
            // read and parse the next files (and a file's blocks checked one by one, after its
            // joined script did not parse, do not leave a core idle).
            WorkerThreads.run(count: ShellcheckProcess.limit * 2, iterations: targets.count, work)
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

/// Threads that share `iterations` among themselves, each taking the next index as it is free;
/// returns when all are done. Unlike `concurrentPerform`, as many as asked for, whatever the
/// number of cores.
private enum WorkerThreads {
    static func run(count: Int, iterations: Int, _ work: @escaping @Sendable (Int) -> Void) {
        let next = NextIndex()
        let finished = DispatchGroup()
        for _ in 0..<min(count, iterations) {
            finished.enter()
            let thread = Thread {
                while let index = next.take(below: iterations) { work(index) }
                finished.leave()
            }
            thread.start()
        }
        finished.wait()
    }
}

/// The next index a worker takes, under a lock.
private final class NextIndex: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
