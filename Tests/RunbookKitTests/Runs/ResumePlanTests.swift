import Foundation
import RunbookKit
import Testing

@Suite struct ResumePlanTests {
    @Test func withoutAReferenceFindsTheLatestUnfinishedRun() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        #expect(paused.status == .paused)
        #expect(try ResumePlan.findRun(nil, in: sandbox.store).id == paused.runID)
        #expect(try ResumePlan.findRun(String(paused.runID.prefix(12)), in: sandbox.store).id == paused.runID)
    }

    @Test func saysWhenNothingIsLeftToResume() throws {
        let sandbox = try KitSandbox()
        #expect {
            try ResumePlan.findRun(nil, in: sandbox.store)
        } throws: { error in
            guard case .noUnfinishedRun(let path) = error as? ResumeError else { return false }
            return path == sandbox.store.path && "\(error)" == "no unfinished run to resume in \(path)."
        }
        #expect {
            try ResumePlan.findRun("01nosuchrun", in: sandbox.store)
        } throws: { error in
            guard case .records(let records) = error as? ResumeError else { return false }
            return records.reason == .unknownRun
        }
    }

    @Test func anUnchangedRunbookHasNoChangesAndTheDoneStepsAreTheRunsOwn() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        let plan = try ResumePlan(try sandbox.store.run(matching: paused.runID), in: sandbox.store)
        #expect(!plan.runbookChanged && plan.changes.isEmpty && !plan.followsStoredRevision)
        #expect(plan.followed.hash == plan.current.runbook.contentHash)
        #expect(plan.doneSteps(rollbackOnly: false) == ["first"])
    }

    @Test func listsTheStepsThatChangedSinceTheRunStarted() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        try sandbox.write(
            sandbox.twoStepRunbook().replacingOccurrences(of: "echo first", with: "echo 1st"), to: "book.md")
        let plan = try ResumePlan(try sandbox.store.run(matching: paused.runID), in: sandbox.store)
        #expect(plan.runbookChanged)
        #expect(plan.changes.map(\.stepID) == ["first"])
        #expect(plan.previous.text == sandbox.twoStepRunbook())
        #expect(plan.current.text.contains("echo 1st"))
    }

    @Test func aFileThatIsGoneIsReplacedByTheStoredRevision() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        try FileManager.default.removeItem(atPath: path)
        let plan = try ResumePlan(try sandbox.store.run(matching: paused.runID), in: sandbox.store)
        #expect(plan.followsStoredRevision && !plan.runbookChanged)
        #expect(plan.current.text == sandbox.twoStepRunbook())
    }

    @Test func aRollbackNeedsARollbackSection() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        let record = try sandbox.store.run(matching: paused.runID)
        #expect {
            try ResumePlan(record, in: sandbox.store, rollbackOnly: true)
        } throws: { error in
            guard case .nothingToRollBack(let refused, let runID) = error as? ResumeError else { return false }
            return refused == record.path && runID == record.id
        }

        let withRollback = try sandbox.write(sandbox.twoStepRunbook(id: "undoable", rollback: true), to: "undo.md")
        let undoable = try sandbox.run(withRollback)
        let plan = try ResumePlan(
            try sandbox.store.run(matching: undoable.runID), in: sandbox.store, rollbackOnly: true)
        #expect(plan.doneSteps(rollbackOnly: true) == ["first", "second"])
    }

    @Test func aRunbookBrokenSinceTheRunIsRefusedAsTheRunbooksError() throws {
        let sandbox = try KitSandbox()
        let path = try sandbox.write(sandbox.twoStepRunbook(), to: "book.md")
        let paused = try sandbox.run(path)
        try sandbox.write("## Broken\n```bash {id=broken}\necho never closed\n", to: "book.md")
        #expect {
            try ResumePlan(try sandbox.store.run(matching: paused.runID), in: sandbox.store)
        } throws: { error in
            guard case .runbook(.notReady) = error as? ResumeError else { return false }
            return true
        }
    }
}
