import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `runbook` process as the lease on a run names it: host, pid, and when the process started.
///
/// A pid alone is reused once its process is gone; the process's start time (field 22 of
/// `/proc/PID/stat`, in clock ticks since boot) and the boot's id make the triple name one
/// process for the machine's whole uptime, so a recycled pid is never taken for the holder.
public struct RunnerIdentity: Hashable, Sendable {
    public var host: String
    public var pid: Int32
    /// `BOOT-ID:START-TICKS`, or empty where `/proc` is not there to say.
    public var processStart: String
    public var operatorName: String

    public init(host: String, pid: Int32, processStart: String, operatorName: String) {
        self.host = host
        self.pid = pid
        self.processStart = processStart
        self.operatorName = operatorName
    }

    /// This process, run by `operatorName`. The host is the machine's name as the kernel has
    /// it (not a name given for the record), since liveness can only be checked on it.
    public static func current(operatorName: String) -> RunnerIdentity {
        let pid = getpid()
        return RunnerIdentity(
            host: localHost, pid: pid, processStart: processStart(of: pid) ?? "", operatorName: operatorName)
    }

    /// This machine's host name.
    public static let localHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Whether the process this identity names is still running, as far as this machine can
    /// tell: on another host nobody here can, and it counts as alive (the lease then has to be
    /// given up there).
    public func isAlive(onHost localHost: String) -> Bool {
        guard host == localHost else { return true }
        guard let start = RunnerIdentity.processStart(of: pid) else { return false }
        return processStart.isEmpty ? true : start == processStart
    }

    /// `BOOT-ID:START-TICKS` of `pid`, or nil when no such process exists (or it is a zombie:
    /// a dead process its parent has not collected yet holds nothing).
    static func processStart(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may itself hold spaces and parentheses: state is
        // field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[0] != "Z", fields[0] != "X" else { return nil }
        return bootID + ":" + fields[19]
    }

    private static let bootID: String = {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()
}
