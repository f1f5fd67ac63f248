import Foundation
import RunbookKit
import Testing

@Suite struct CatalogTests {
    private func book(_ id: String, priority: String, category: String? = nil, tags: [String] = []) -> String {
        var front = "id: \(id)\ntitle: \(id)\npriority: \(priority)\n"
        if let category { front += "category: \(category)\n" }
        if !tags.isEmpty { front += "tags: [\(tags.joined(separator: ", "))]\n" }
        return "---\n\(front)---\n\n## Step\n```bash {id=step}\ntrue\n```\n"
    }

    private func catalogSandbox() throws -> KitSandbox {
        let sandbox = try KitSandbox()
        try sandbox.write(book("b-normal", priority: "normal", category: "operational", tags: ["db"]), to: "books/b.md")
        try sandbox.write(book("a-normal", priority: "normal"), to: "books/a.md")
        try sandbox.write(
            book("z-critical", priority: "critical", category: "recovery", tags: ["zfs"]), to: "books/z.md")
        try sandbox.write(book("c-normal", priority: "normal", category: "operational"), to: "books/sub/c.md")
        // An index page: no front matter, no steps.
        try sandbox.write("# Index\n\nSee the runbooks.\n", to: "books/README.md")
        return sandbox
    }

    @Test func mostCriticalFirstThenCategoryWithUncategorisedLastThenID() throws {
        let sandbox = try catalogSandbox()
        let ids = Catalog().runbooks(in: [sandbox.directory + "/books"]).map(\.id)
        #expect(ids == ["z-critical", "b-normal", "c-normal", "a-normal"])
    }

    @Test func filtersByCategoryAndByAnyOfTheTags() throws {
        let sandbox = try catalogSandbox()
        let root = [sandbox.directory + "/books"]
        #expect(Catalog(category: .operational).runbooks(in: root).map(\.id) == ["b-normal", "c-normal"])
        #expect(Catalog(tags: ["zfs", "db"]).runbooks(in: root).map(\.id) == ["z-critical", "b-normal"])
        #expect(Catalog(category: .recovery, tags: ["db"]).runbooks(in: root).isEmpty)
    }

    @Test func aFileThatCannotBeReadIsReportedNotListed() throws {
        let sandbox = try catalogSandbox()
        let fifo = sandbox.directory + "/books/pipe.md"
        #expect(mkfifo(fifo, 0o600) == 0)
        var skipped: [RunbookReadError] = []
        let ids = Catalog().runbooks(in: [sandbox.directory + "/books"]) { skipped.append($0) }.map(\.id)
        #expect(ids.count == 4)
        #expect(skipped.map(\.path) == [fifo])
    }
}
