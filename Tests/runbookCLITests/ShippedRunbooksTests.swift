import Foundation
import Testing

/// The runbooks in `runbooks/` are part of the product: they must lint clean, the examples must
/// run to the end, and the homelab ones must at least plan.
@Suite("Shipped runbooks")
struct ShippedRunbooksTests {
    static let examples = ["backup-drill", "disk-usage-triage", "log-rotation"]
    static let homelab = [
        "data-curation", "media-processing", "offsite-copy", "pool-loss-recovery",
        "safe-bulk-cleanup", "zfs-replication", "zfs-restore-drill", "zfs-snapshot-backup",
    ]

    @Test("runbook lint runbooks/ finds nothing, shellcheck included")
    func lintsClean() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(
            ["lint", "--shellcheck", "auto", "--fail-on", "note", CLISandbox.repositoryPath("runbooks")],
            withRecords: false)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("No problems found in 11 files"), "\(result.stdout)")
    }

    @Test("No rule is disabled in a shipped runbook without a written reason")
    func noSilentDisables() throws {
        let root = URL(fileURLWithPath: CLISandbox.repositoryPath("runbooks"))
        let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" }
        #expect(
            files.count == 12,
            "the shipped runbooks and their README were not all found: \(files.map(\.lastPathComponent))")
        var directives = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("runbook-lint-disable") {
                directives += 1
                // A directive must say why after the rule list: `<!-- runbook-lint-disable RB013 -- reason -->`.
                #expect(line.contains(" -- "), "\(file.lastPathComponent): \(line)")
            }
        }
        // The homelab runbooks disable RB011 twice, each with its reason: a loop that reads no
        // directive checks nothing.
        #expect(directives >= 2, "only \(directives) disable directives read under \(root.path)")
    }

    @Test("Each example runs to completion under --auto --yes", arguments: examples)
    func exampleRuns(name: String) throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(
            ["run", "--auto", "--yes", CLISandbox.repositoryPath("runbooks/examples/\(name).md")],
            environment: ["TMPDIR": sandbox.directory])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("completed"), "\(result.stderr)")
        // The examples clean up after themselves.
        let left = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory).filter {
            !$0.hasPrefix("records.sqlite")
        }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    @Test("Each homelab runbook plans under --dry-run", arguments: homelab)
    func homelabPlans(name: String) throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["run", "--dry-run", CLISandbox.repositoryPath("runbooks/homelab/\(name).md")])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.isEmpty)
        // A dry run records nothing.
        #expect(try sandbox.recordsUntouched())
    }
}
