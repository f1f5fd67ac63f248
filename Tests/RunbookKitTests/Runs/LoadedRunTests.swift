import Foundation
import RunbookKit
import Testing

@Suite struct LoadedRunTests {
    @Test func loadsTheRunItsEventsAndAReportInTheRevisionsOrder() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let outcome = try sandbox.run(path)
        let loaded = try LoadedRun(reference: String(outcome.runID.prefix(10)), in: sandbox.store)
        #expect(loaded.export.run.id == outcome.runID)
        #expect(loaded.export.events.count == (try sandbox.store.events(of: outcome.runID)).count)
        #expect(loaded.report.steps.map(\.id) == ["first", "second"])
    }

    @Test func seesEveryRowAsItIsRead() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let outcome = try sandbox.run(path)
        var rows = 0
        let record = try sandbox.store.run(matching: outcome.runID)
        let loaded = try LoadedRun(record, in: sandbox.store) { _ in rows += 1 }
        #expect(rows == loaded.export.events.count && rows > 0)
    }

    @Test func anUnknownRunIsTheRecordsError() throws {
        let sandbox = try KitSandbox()
        #expect {
            try LoadedRun(reference: "01nosuchrun", in: sandbox.store)
        } throws: { error in
            (error as? RecordStoreError)?.reason == .unknownRun
        }
    }
}
