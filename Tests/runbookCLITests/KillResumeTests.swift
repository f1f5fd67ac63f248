import Foundation
import RunbookKit
import Testing

/// `kill -9` the engine at every step boundary of a fixture, resume, and check the final record
/// is complete with every completed step in it exactly once.
@Suite(.serialized) struct KillResumeTests {
    static let fixture = """
        ---
        prerequisites:
          - name: pre
            run: echo pre >> "$SANDBOX/log"
        validation:
          - name: val
            run: grep -q s3 "$SANDBOX/log" && echo val >> "$SANDBOX/log"
        ---
        ## S1
        ```bash {id=s1}
        \(step("s1"))
        export FROM_S1=carried
        ```
        ## S2
        ```bash {id=s2}
        \(step("s2"))
        mkdir -p "$SANDBOX/dir" && cd "$SANDBOX/dir"
        ```
        ## S3
        ```bash {id=s3}
        \(step("s3"))
        echo "$FROM_S1 $(pwd)" > "$SANDBOX/s3.txt"
        ```
        """

    /// Each step kills the engine (its parent) the first time when `KILL_AT` names it: after the
    /// previous step's end is committed and this step's start is committed.
    static func step(_ id: String) -> String {
        """
        if [ "${KILL_AT-}" = \(id) ] && [ ! -e "$SANDBOX/killed" ]; then touch "$SANDBOX/killed"; kill -9 $PPID; exit 0; fi
        echo \(id) >> "$SANDBOX/log"
        """
    }

    @Test(arguments: ["pre", "s1", "s2", "s3", "val"])
    func killAtBoundaryThenResume(_ killAt: String) throws {
        let sandbox = try CLISandbox()
        var text = KillResumeTests.fixture
        for id in ["pre", "val"] {
            // Front-matter steps get the kill switch too.
            text = text.replacingOccurrences(
                of: "run: echo pre >> \"$SANDBOX/log\"",
                with:
                    "run: 'if [ \"${KILL_AT-}\" = pre ] && [ ! -e \"$SANDBOX/killed\" ]; then touch \"$SANDBOX/killed\"; kill -9 $PPID; exit 0; fi; echo pre >> \"$SANDBOX/log\"'"
            )
            text = text.replacingOccurrences(
                of: "run: grep -q s3 \"$SANDBOX/log\" && echo val >> \"$SANDBOX/log\"",
                with:
                    "run: 'if [ \"${KILL_AT-}\" = val ] && [ ! -e \"$SANDBOX/killed\" ]; then touch \"$SANDBOX/killed\"; kill -9 $PPID; exit 0; fi; grep -q s3 \"$SANDBOX/log\" && echo val >> \"$SANDBOX/log\"'"
            )
            _ = id
        }
        try sandbox.write("book.md", text)
        let killed = try sandbox.run(["run", "--auto", "book.md"], environment: ["KILL_AT": killAt])
        #expect(killed.signaled && killed.status == SIGKILL, "status \(killed.status): \(killed.stderr)")

        // The killed step was in progress: --auto does not run it again unless told to.
        let resumed = try sandbox.run(["resume", "--auto", "--rerun-interrupted"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(sandbox.file("log") == "pre\ns1\ns2\ns3\nval\n")
        #expect(sandbox.file("s3.txt") == "carried \(sandbox.directory)/dir\n")

        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        let events = try store.events(of: run.id)
        #expect(events.map(\.sequence) == Array(1...events.count))
        #expect(events.last?.kind == .finished)
        for id in ["pre", "s1", "s2", "s3", "val"] {
            let finishes = events.filter { event in
                guard event.stepID == id, case .stepFinished(let finished) = event.payload else { return false }
                return finished.outcome == .succeeded
            }
            #expect(finishes.count == 1, "step \(id) completed \(finishes.count) times")
        }
        let state = RunState(folding: events)
        #expect(state.status == .completed)
        #expect(state.resumeCount == 1)
        #expect(state.completionOrder == ["pre", "s1", "s2", "s3", "val"])
    }
}
