import Foundation
import Testing

@Suite("runbook show")
struct ShowCommandTests {
    @Test("A good runbook shows its checklist and exits 0")
    func checklist() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(
            ["show", CLISandbox.repositoryPath("runbooks/examples/backup-drill.md")], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        for heading in ["Variables", "Prerequisites", "Steps", "Validation", "Rollback"] {
            #expect(result.stdout.contains("\n\(heading)\n"), "missing \(heading)")
        }
        #expect(result.stdout.contains("confirm: type \"delete the sample data\" · destructive"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour in a pipe")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 }, "fits 80 columns")
    }

    @Test("Error diagnostics go to stderr as file:line:col and exit 1; a missing file exits 2")
    func exitStatuses() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("types.md", "---\npriority: urgent\n---\n# T\n")
        let invalid = try sandbox.run(["show", "types.md"], withRecords: false)
        #expect(invalid.status == 1)
        #expect(
            invalid.stderr.contains("types.md:2:11: error: The front matter key 'priority' must be one of"),
            "\(invalid.stderr)")
        #expect(invalid.stdout.contains("T  (types)"))

        try Data([0x23, 0x20, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: sandbox.directory + "/latin1.md"))
        let notUTF8 = try sandbox.run(["show", "latin1.md"], withRecords: false)
        #expect(notUTF8.status == 1)
        #expect(notUTF8.stderr.contains("latin1.md:1:3: error:"), "\(notUTF8.stderr)")
        #expect(notUTF8.stdout.isEmpty, "no checklist for a file that could not be read")

        let missing = try sandbox.run(["show", "nowhere.md"], withRecords: false)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.md: cannot read the runbook: no such file."))

        let usage = try sandbox.run(["show"], withRecords: false)
        #expect(usage.status == 2)
    }

    @Test("--json prints every runbook in order; directories skip READMEs; --files-from reads a list")
    func jsonDirectoriesAndLists() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/docs", withIntermediateDirectories: true)
        try sandbox.write("docs/README.md", "# Index\n\nJust prose.\n")
        try sandbox.write("docs/b.md", "# B\n```bash\necho b\n```\n")
        try sandbox.write("docs/a.md", "---\ntitle: A\n---\n")
        let walked = try sandbox.run(["show", "--json", "docs"], withRecords: false)
        #expect(walked.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(walked.stdout.utf8)) as? [String: Any]
        #expect(object?["schemaVersion"] as? Int == 1)
        let runbooks = object?["runbooks"] as? [[String: Any]] ?? []
        #expect(runbooks.map { $0["title"] as? String } == ["A", "B"])

        let all = try sandbox.run(["show", "--json", "--all", "docs"], withRecords: false)
        let allRunbooks =
            (try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])?["runbooks"] as? [Any]
        #expect(allRunbooks?.count == 3)

        try sandbox.write("list.txt", "docs/b.md\ndocs/README.md\n")
        let listed = try sandbox.run(["show", "--files-from", "list.txt"], withRecords: false)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("B  (b)"))
        // A README's id is its path (format.md, "Default ids"): outside a Git tree, the absolute one.
        #expect(
            listed.stdout.contains("Index  (\(sandbox.directory.dropFirst())/docs/README)"),
            "a named file is shown even without steps")
    }
}
