import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Questions about a step's process group: is anything in it still alive?
///
/// A group id below 2 names no step's group: `kill(-1, …)` would signal every process runbook
/// may signal and `kill(0, …)` runbook's own group, so such ids are answered as gone.
public enum ProcessGroup {
    /// Pids of processes in group `pgid` that are alive (zombies waiting for a parent to reap
    /// them do not count: they run nothing and hold nothing).
    public static func liveMembers(_ pgid: Int32) -> [Int32] {
        guard pgid > 1 else { return [] }
        if kill(-pgid, 0) != 0 && errno == ESRCH { return [] }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var members: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // Fields after the command name: state, ppid, pgrp, ...
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == pgid else { continue }
            members.append(pid)
        }
        return members
    }

    /// True when nothing in the group is alive.
    public static func isGone(_ pgid: Int32) -> Bool { liveMembers(pgid).isEmpty }

    /// Sends `signal` to the group; a group already gone is not an error.
    @discardableResult
    public static func signal(_ pgid: Int32, _ signal: Int32) -> Bool {
        pgid > 1 && kill(-pgid, signal) == 0
    }

    /// Waits up to `seconds` for the group to empty, then kills what is left.
    static func ensureGone(_ pgid: Int32, within seconds: Double) {
        let deadline = Clock.now() + seconds
        while !isGone(pgid) {
            if Clock.now() >= deadline {
                signal(pgid, SIGKILL)
                let killDeadline = Clock.now() + 2
                while !isGone(pgid), Clock.now() < killDeadline { usleep(10_000) }
                return
            }
            usleep(10_000)
        }
    }
}

extension ProcessGroup {
    /// True when nothing but the (reaped) leader was ever left in the group: the cheap check
    /// after every step, one kill(2) with signal 0.
    static func isLeaderAlone(_ pgid: Int32) -> Bool {
        pgid <= 1 || kill(-pgid, 0) != 0
    }
}
