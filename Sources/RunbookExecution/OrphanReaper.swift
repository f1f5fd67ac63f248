#if canImport(Glibc)
import Glibc
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
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        SpawnSignals.reset(&attributes)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = [
            strdup("runbook-reaper"), strdup("-c"), strdup(OrphanReaper.script), nil,
        ]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        _ = close(ends[1])
        guard status == 0 else {
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
    func watch(_ group: Int32) { tell("\(group)\n") }

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
