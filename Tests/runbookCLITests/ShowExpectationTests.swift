import Foundation
import Testing

@Suite("runbook show: what expected output checks")
struct ShowExpectationTests {
    @Test("The checklist says how many transcript commands are checked and where a mismatch fails")
    func marks() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            title: Marks
            validation:
              - run: echo ok
                expect: ok
            ---
            ## Transcript
            ```console
            $ true
            $ false
            [1]
            ```
            ## Strict
            ```bash {expect=strict}
            echo x
            ```
            ```output
            x
            ```
            ## Lenient
            ```bash
            echo y
            ```
            ```output
            y
            ```
            """)
        let result = try sandbox.run(["show", "book.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("· checks 2 commands") })
        #expect(lines.contains { $0.hasSuffix("strict · expects output · mismatch fails") })
        #expect(lines.contains { $0.hasSuffix("lenient · expects output") })
        #expect(lines.contains { $0.contains("expects output · mismatch fails · front matter") })
    }
}
