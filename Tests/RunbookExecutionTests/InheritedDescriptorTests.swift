import Foundation
import RunbookDocument
import RunbookRecords
import Testing

@testable import RunbookExecution

/// A child runbook starts gets its standard streams and nothing else of runbook's. A descriptor
/// another thread holds without close-on-exec at that moment (Foundation's `Process` watches its
/// child through one) must not live on in a step, the session, or a helper for as long as they
/// run: the step could read or write it, and whoever waits for that descriptor to close waits
/// as long as the step.
@Suite struct InheritedDescriptorTests {
    /// A file opened without close-on-exec, as a careless library (or Foundation) leaves one.
    private final class StrayDescriptor {
        let path: String
        let descriptor: Int32

        init(in directory: String) {
            path = directory + "/stray-" + UUID().uuidString
            descriptor = open(path, O_CREAT | O_RDWR, 0o600)
            precondition(descriptor >= 0, "cannot open \(path)")
        }

        deinit { close(descriptor) }
    }

    @Test func aSessionStepDoesNotInheritTheRunnersDescriptors() throws {
        let sandbox = try Sandbox()
        let stray = StrayDescriptor(in: sandbox.directory)
        let outcome = try sandbox.run(
            """
            ## Look
            ```bash {id=look}
            ls -l "/proc/$$/fd/" > "$RUNBOOK_TEST_DIR/open.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        let open = try #require(sandbox.file("open.txt"))
        #expect(!open.contains(stray.path), "the step holds runbook's descriptor:\n\(open)")
    }

    @Test func aTerminalStepDoesNotInheritTheRunnersDescriptors() throws {
        let sandbox = try Sandbox()
        let stray = StrayDescriptor(in: sandbox.directory)
        let outcome = try sandbox.run(
            """
            ## Look
            ```bash {id=look interactive=true}
            ls -l "/proc/$$/fd/" > "$RUNBOOK_TEST_DIR/open.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        let open = try #require(sandbox.file("open.txt"))
        #expect(!open.contains(stray.path), "the step holds runbook's descriptor:\n\(open)")
    }
}
