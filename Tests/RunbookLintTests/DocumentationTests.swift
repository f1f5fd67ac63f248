import Foundation
import Testing

@testable import RunbookLint

/// docs/rules/ is generated from the rules' descriptions; this keeps it in step. Run with
/// `UPDATE_RULE_DOCS=1 swift test --filter DocumentationTests` to rewrite the pages.
@Suite struct DocumentationTests {
    static let directory = repositoryRoot + "/docs/rules"
    static let update = ProcessInfo.processInfo.environment["UPDATE_RULE_DOCS"] == "1"

    func check(_ name: String, _ expected: String) throws {
        let path = Self.directory + "/" + name
        if Self.update {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let actual = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(
            actual == expected,
            "docs/rules/\(name) is out of date; run UPDATE_RULE_DOCS=1 swift test --filter DocumentationTests")
    }

    @Test(arguments: RuleRegistry.standard.descriptions.map(\.id))
    func rulePageIsCurrent(_ id: String) throws {
        try check("\(id).md", RuleDocumentation.page(for: RuleRegistry.standard.description(of: id)!))
    }

    @Test func indexIsCurrent() throws {
        try check("README.md", RuleDocumentation.index(for: RuleRegistry.standard.descriptions))
    }
}
