import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starting ssh: in a process group of its own (Ctrl-C at the operator's terminal reaches
/// runbook, which decides), its stderr appended to a log in the run's private directory.
enum SSHProcess {
    /// Starts `arguments` (the program first, looked up in `PATH`) with `input` and `output` as
    /// its stdin and stdout (nil: /dev/null); nil when it cannot be started.
    static func spawn(_ arguments: [String], input: Int32?, output: Int32?, log: String?) -> pid_t? {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, number)
        }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(
            &actions, 2, log ?? "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        return status == 0 ? pid : nil
    }

    /// Runs `arguments` to its end and returns its exit status; one still running after
    /// `deadline` seconds is killed (status -1), as is one that cannot start.
    static func run(_ arguments: [String], log: String?, deadline: Double) -> Int32 {
        guard let pid = spawn(arguments, input: nil, output: nil, log: log) else { return -1 }
        let end = Clock.now() + deadline
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return -1 }
            if Clock.now() >= end {
                _ = kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return -1
            }
            usleep(2_000)
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
