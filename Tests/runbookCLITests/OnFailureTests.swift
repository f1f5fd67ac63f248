import Foundation
import RunbookKit
import Testing

/// `--on-failure stop|rollback|pause` under `--auto`, and `runbook rollback RUN` (issue 14):
/// an unattended run no longer leaves a bad state live with only an interactive resume to undo
/// it, and what happened is in the run's own record.
@Suite("--on-failure and runbook rollback")
struct OnFailureTests {
    static let book = """
        ---
        id: change
        ---
        # Change
        ## Make the change
        ```bash {id=make}
        touch "$SANDBOX/changed"
        ```
        ## Check it
        ```bash {id=check}
        test -f "$SANDBOX/healthy"
        ```
        ## Rollback
        ```bash {id=undo}
        rm -f "$SANDBOX/changed"
        ```
        """

    static func events(_ sandbox: CLISandbox) throws -> (RunRecord, [RunEvent]) {
        let store = try RecordStore(path: sandbox.records)
        let runs = try store.runs()
        #expect(runs.count == 1, "everything is recorded in the one run")
        let run = try #require(runs.first)
        return (run, try store.events(of: run.id))
    }

    @Test("the default is stop: the run fails, the change stays, nothing rolls back")
    func stopIsTheDefault() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", OnFailureTests.book)
        let result = try sandbox.run(["run", "--auto", "book.md"])
        #expect(result.status == 1)
        #expect(sandbox.file("changed") != nil)
        let (run, events) = try OnFailureTests.events(sandbox)
        #expect(run.status == .failed)
        #expect(!events.contains { $0.kind == .rollbackStarted })
    }

    @Test("rollback: the rollback section runs after the failure and is recorded in the run")
    func rollsBack() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", OnFailureTests.book)
        let result = try sandbox.run(["run", "--auto", "--on-failure", "rollback", "book.md"])
        #expect(result.status == 1, "a rolled-back run did not do what it set out to: \(result.stderr)")
        #expect(sandbox.file("changed") == nil, "the rollback undid the change")
        let (run, events) = try OnFailureTests.events(sandbox)
        #expect(run.status == .rolledBack)
        let started = try #require(events.first { $0.kind == .rollbackStarted })
        guard case .rollbackStarted(let payload) = started.payload else { Issue.record("no payload"); return }
        #expect(payload.reason.contains("--on-failure rollback"), "\(payload.reason)")
        #expect(payload.steps == ["undo"])
        #expect(events.contains { $0.kind == .stepFinished && $0.stepID == "undo" })
    }

    @Test("pause: the run is left paused (exit 3), the change in place for a person to look")
    func pauses() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", OnFailureTests.book)
        let result = try sandbox.run(["run", "--auto", "--on-failure", "pause", "book.md"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(sandbox.file("changed") != nil)
        let (run, _) = try OnFailureTests.events(sandbox)
        #expect(run.status == .paused)
    }

    @Test("runbook rollback RUN rolls back a completed run as events of that run; a second time is refused")
    func rollbackAStoredRun() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", OnFailureTests.book)
        try sandbox.write("healthy", "")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        #expect(sandbox.file("changed") != nil)
        let (completed, _) = try OnFailureTests.events(sandbox)
        #expect(completed.status == .completed)

        let rolled = try sandbox.run(["rollback", String(completed.id.prefix(10)), "--auto"])
        #expect(rolled.status == 1, "\(rolled.stderr)")
        #expect(sandbox.file("changed") == nil)
        let (run, events) = try OnFailureTests.events(sandbox)
        #expect(run.id == completed.id && run.status == .rolledBack)
        #expect(events.contains { $0.kind == .resumed })
        #expect(events.contains { $0.kind == .rollbackStarted })
        let export = try sandbox.run(["export", run.id])
        #expect(export.stdout.contains("undo"), "the handoff shows the rollback: \(export.stdout)")

        let again = try sandbox.run(["rollback", run.id, "--auto"])
        #expect(again.status == 2)
        #expect(again.stderr.contains("rolled-back"), "\(again.stderr)")
    }

    @Test("runbook rollback of a run whose runbook has no rollback section is refused, nothing recorded")
    func noRollbackSection() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", "---\nid: plain\n---\n# Plain\n## One\n```bash\ntrue\n```\n")
        #expect(try sandbox.run(["run", "--auto", "book.md"]).status == 0)
        let (run, before) = try OnFailureTests.events(sandbox)
        let result = try sandbox.run(["rollback", run.id, "--auto"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("has no rollback section"), "\(result.stderr)")
        #expect(try OnFailureTests.events(sandbox).1.count == before.count)
    }
}
