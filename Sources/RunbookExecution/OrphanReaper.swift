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
/// group of its own (so a signal to runbook's group does not take it along), reads the step's
/// group id from a socket only runbook holds: runbook writes the group when a step starts and
/// `0` when it ends. When runbook dies the kernel closes the socket, the helper reads the end
/// of it and sends the group SIGTERM, then SIGKILL after 0.3 s if anything is left. Each step
/// costs two small writes.
final class OrphanReaper {
    /// The helper's script: remember the last group named, end it when the socket closes.
    static let script = """
        trap '' INT TERM HUP QUIT TSTP TTIN TTOU
        group=0
        while IFS= read -r line; do group=$line; done
        if [ "$group" != 0 ]; then
          kill -s TERM -- "-$group" 2>/dev/null || exit 0
          sleep 0.3
          kill -s KILL -- "-$group" 2>/dev/null
        fi
        exit 0
        """

    private var socket: Int32 = -1
    private var helper: pid_t = 0

    /// Starts the helper; nil when it cannot be started (steps then run unguarded, as before).
    init?() {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return nil
        }
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.duplicate(ends[1], to: 0)
        setup.open("/dev/null", as: 1, mode: O_WRONLY)
        setup.open("/dev/null", as: 2, mode: O_WRONLY)
        let started = setup.spawn(
            "/bin/sh", arguments: ["runbook-reaper", "-c", OrphanReaper.script], environment: ["PATH=/usr/bin:/bin"])
        _ = close(ends[1])
        guard case .success(let pid) = started else {
            _ = close(ends[0])
            return nil
        }
        socket = ends[0]
        helper = pid
    }

    deinit {
        // The helper reads the end with no group named and exits at once.
        _ = close(socket)
        var status: Int32 = 0
        while waitpid(helper, &status, 0) < 0 && errno == EINTR {}
    }

    /// `group` runs a step now: end it if runbook dies.
    func watch(_ group: Int32) { tell(group > 1 ? "\(group)\n" : "0\n") }

    /// No step runs now.
    func release() { tell("0\n") }

    private func tell(_ line: String) {
        var text = line
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent < 0 {
                    if errno == EINTR { continue }
                    return // the helper is gone: nothing left to guard with
                }
                offset += sent
            }
        }
    }
}
