import Testing

@testable import RunbookExecution

#if canImport(Glibc)
import Glibc
#endif

@Suite("Process groups")
struct ProcessGroupTests {
    /// `kill(-1, …)` reaches every process runbook may signal and `kill(0, …)` runbook's own
    /// group: a step whose pid was never reported (-1) must never turn into either.
    @Test("Ids below 2 name no step's group: nothing is signalled, nothing is alive")
    func idsBelowTwoNameNoGroup() {
        for id: Int32 in [-1, 0, 1] {
            #expect(!ProcessGroup.signal(id, 0), "group \(id) was signalled")
            #expect(ProcessGroup.liveMembers(id).isEmpty)
            #expect(ProcessGroup.isLeaderAlone(id))
        }
    }
}
