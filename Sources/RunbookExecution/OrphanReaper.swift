#if canImport(Glibc)
import Glibc
import RunbookSpawn
#endif

/// A small helper process that ends the running step's process group when `runbook` dies,
/// even by SIGKILL, so no step outlives its runner unattended.
///
/// Linux's parent-death signal (`PR_SET_PDEATHSIG`) would reach only the step's first process,
/// not the rest of its group, and must be set between fork and exec, which `posix_spawn`
/// (used for every step, for its speed) cannot do. Instead one `sh` per run, in a process
/// group of its own (so a signal to runbook's group does not take it along), waits for the
/// end of a socket only runbook holds, on which runbook never writes. When runbook dies the
/// kernel closes the socket; the helper then reads the group that was running from an unnamed
/// file it shares with runbook, sends it SIGTERM, then SIGKILL after 0.3 s if anything is left.
///
/// runbook names the group with `pwrite` into that file, which wakes nobody: a message
/// on the socket would wake the helper on the other core twice a step, and that wake-up cost
/// runbook more than anything else it does to start a step.
final class OrphanReaper {
    /// The helper's script: wait for the socket to end, then end the last group named in the
    /// shared file (descriptor 3), whose first line is always the latest one written.
    static let script = """
        trap '' INT TERM HUP QUIT TSTP TTIN TTOU
        while IFS= read -r line; do :; done
        group=0
        IFS= read -r group <&3 || :
        case $group in ''|0|*[!0-9]*) exit 0;; esac
        kill -s TERM -- "-$group" 2>/dev/null || exit 0
        sleep 0.3
        kill -s KILL -- "-$group" 2>/dev/null
        exit 0
        """

    private var socket: Int32 = -1
    private var sharedFile: Int32 = -1
    private var helper: pid_t = 0

    /// Starts the helper; nil when it cannot be started (steps then run unguarded, as before).
    init?() {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return nil
        }
        let file = OrphanReaper.unnamedFile()
        guard file >= 0 else {
            _ = close(ends[0])
            _ = close(ends[1])
            return nil
        }
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.duplicate(ends[1], to: 0)
        setup.open("/dev/null", as: 1, mode: O_WRONLY)
        setup.open("/dev/null", as: 2, mode: O_WRONLY)
        setup.duplicate(file, to: 3)
        setup.firstClosedDescriptor = 4
        let started = setup.spawn(
            "/bin/sh", arguments: ["runbook-reaper", "-c", OrphanReaper.script], environment: ["PATH=/usr/bin:/bin"])
        _ = close(ends[1])
        guard case .success(let pid) = started else {
            _ = close(ends[0])
            _ = close(file)
            return nil
        }
        socket = ends[0]
        sharedFile = file
        helper = pid
        record(0)
    }

    deinit {
        record(0)
        // The helper reads the end, finds no group named and exits at once.
        _ = close(socket)
        _ = close(sharedFile)
        var status: Int32 = 0
        while waitpid(helper, &status, 0) < 0 && errno == EINTR {}
    }

    /// `group` runs a step now: end it if runbook dies.
    func watch(_ group: Int32) { record(group > 1 ? group : 0) }

    /// No step runs now.
    func release() { record(0) }

    /// A file no other process can open, in memory where the system has a tmpfs: created and
    /// unlinked at once. Its descriptor is above those the helper is handed, so no duplication
    /// lands on itself (which would leave close-on-exec set); -1 when none can be made.
    private static func unnamedFile() -> Int32 {
        let base = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array((base + "/runbook-reaper-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard created >= 0 else { return -1 }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let file = fcntl(created, F_DUPFD_CLOEXEC, 10)
        _ = close(created)
        return file
    }

    /// Writes `group` and a newline at the start of the shared file; what is left of a longer
    /// line after it is never read.
    private func record(_ group: Int32) {
        var line = "\(group)\n"
        line.withUTF8 { bytes in
            while pwrite(sharedFile, bytes.baseAddress!, bytes.count, 0) < 0 && errno == EINTR {}
        }
    }
}
