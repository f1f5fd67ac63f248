import Foundation
import RunbookTestSupport
import Testing

/// What the binary needs from the machine before it does anything: PostgreSQL's client is
/// opened only when records on PostgreSQL are, so SQLite users and the static rescue binary
/// never load it.
@Suite struct SharedLibrariesTests {
    @Test("The binary does not need libpq to start")
    func libpqIsNotLinked() throws {
        let listing = try ProgramRun.run("/usr/bin/ldd", [BuiltProducts.runbook])
        #expect(listing.status == 0, "ldd: \(listing.stderrText)")
        #expect(listing.stdoutText.contains("libc.so"), "ldd listed nothing: \(listing.stdoutText)")
        #expect(!listing.stdoutText.contains("libpq"), "linked: \(listing.stdoutText)")
    }
}
