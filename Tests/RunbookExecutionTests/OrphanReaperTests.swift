import Foundation
import RunbookSpawn
import Testing

@testable import RunbookExecution

#if canImport(Glibc)
import Glibc
#endif

/// The helper's script as runbook's death runs it: its socket at its end, the shared file on
/// descriptor 3 as `OrphanReaper` leaves it, written over in place at offset 0.
@Suite("Orphan reaper")
struct OrphanReaperTests {
    /// The group a step runs in is ended when runbook is gone.
    @Test(.timeLimit(.minutes(1))) func theGroupNamedLastIsEnded() throws {
        let victim = try Self.spawnGroup()
        defer { Self.end(victim) }
        try Self.runScript(afterWriting: ["\(victim)\n"])
        #expect(Self.waitUntilGone(victim), "left running: \(ProcessGroup.liveMembers(victim))")
    }

    /// After a step ends, `0` is written over its longer group id: what is left of that line
    /// behind the `0` must not be read as a group, or runbook's death between two steps would
    /// end a finished step's background job, or a stranger's group that took over its id.
    @Test(.timeLimit(.minutes(1))) func aReleasedGroupIsLeftAlone() throws {
        let victim = try Self.spawnGroup()
        defer { Self.end(victim) }
        try #require(victim > 9, "the test needs a group id longer than `0`")
        // Only the first line counts: here the lines behind it end with the victim's id.
        try Self.runScript(afterWriting: ["\(victim)\n\(victim)\n", "0\n"])
        #expect(!ProcessGroup.isGone(victim), "the released group was ended")
    }

    /// Kills and reaps `group`'s only process, the `sleep` this suite started.
    private static func end(_ group: Int32) {
        ProcessGroup.signal(group, SIGKILL)
        var status: Int32 = 0
        while waitpid(group, &status, 0) < 0 && errno == EINTR {}
    }

    /// A `sleep` in a process group of its own, as a step's child is.
    private static func spawnGroup() throws -> Int32 {
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.open("/dev/null", as: 0, mode: O_RDONLY)
        setup.open("/dev/null", as: 1, mode: O_WRONLY)
        setup.open("/dev/null", as: 2, mode: O_WRONLY)
        guard case .success(let pid) = setup.spawn("/bin/sleep", arguments: ["sleep", "30"], environment: []) else {
            throw CocoaError(.executableLoad)
        }
        return pid
    }

    /// Writes each of `lines` at offset 0 of a scratch file, as `OrphanReaper` records a group,
    /// then runs the helper's script with that file as descriptor 3 and its input at its end.
    private static func runScript(afterWriting lines: [String]) throws {
        let path = NSTemporaryDirectory() + "runbook-reaper-test-" + UUID().uuidString
        defer { unlink(path) }
        let file = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(file >= 0)
        defer { close(file) }
        for line in lines {
            let written = line.withCString { pwrite(file, $0, strlen($0), 0) }
            try #require(written == line.utf8.count)
        }
        let helper = Process()
        helper.executableURL = URL(fileURLWithPath: "/bin/sh")
        helper.arguments = [
            "-c", "exec /bin/sh -c \"$1\" runbook-reaper 3<\"$2\" </dev/null", "sh", OrphanReaper.script, path,
        ]
        try helper.run()
        helper.waitUntilExit()
        #expect(helper.terminationStatus == 0)
    }

    /// True once nothing of `group` is left, within two seconds.
    private static func waitUntilGone(_ group: Int32) -> Bool {
        for _ in 0..<200 where !ProcessGroup.isGone(group) { usleep(10_000) }
        return ProcessGroup.isGone(group)
    }
}
