import Foundation
import RunbookKit
import Testing

@Suite struct LoadedRunbookTests {
    @Test func readsTheFileOnceAndKeepsItsText() throws {
        let sandbox = try KitSandbox()
        let text = sandbox.twoStepRunbook()
        let path = try sandbox.write(text, to: "book.md")
        let loaded = try LoadedRunbook(path: path)
        #expect(loaded.text == text)
        #expect(loaded.runbook.id == "two-steps")
        #expect(loaded.runbook.allSteps.map(\.id) == ["first", "second"])
    }

    @Test func aMissingFileIsNamedAsGiven() throws {
        let sandbox = try KitSandbox()
        let missing = sandbox.directory + "/nowhere.md"
        #expect {
            try LoadedRunbook(path: missing)
        } throws: { error in
            guard case .unreadable(let read) = error as? RunbookLoadError else { return false }
            return read.path == missing && "\(error)".hasPrefix("\(missing): cannot read the runbook")
        }
    }

    @Test func aRunbookWithProblemsIsRefusedWithEachProblemsLine() throws {
        let sandbox = try KitSandbox()
        // An unclosed fence would swallow every step after it.
        let path = try sandbox.write(
            """
            ## Only
            ```bash {id=only}
            echo only

            ## Lost
            ```bash {id=lost}
            echo lost
            """, to: "unclosed.md")
        #expect {
            try LoadedRunbook(path: path)
        } throws: { error in
            guard case .notReady(let refused, let problems) = error as? RunbookLoadError else { return false }
            let message = "\(error)"
            return refused == path && !problems.isEmpty && message.contains("nothing was run")
                && problems.allSatisfy { message.contains($0.description) }
        }
    }
}
