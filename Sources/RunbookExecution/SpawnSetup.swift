import Foundation

/// One child to start with `posix_spawn`: its attributes and file actions, released with this
/// object, and the signal state every child runbook starts begins from. Dispositions and the
/// blocked mask are inherited across exec, and runbook ignores or handles several signals
/// itself (SignalMonitor, the terminal guard): without the reset a step would start unable to
/// be interrupted, or with SIGPIPE ignored where a shell pipeline relies on it.
final class SpawnSetup {
    /// The signals a child gets back at their default disposition.
    static let restoredSignals: [Int32] = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU,
    ]
    /// `POSIX_SPAWN_SETSID`: glibc's value, hidden from Swift behind _GNU_SOURCE.
    private static let setSessionFlag: Int32 = 0x80

    private var attributes = posix_spawnattr_t()
    private var actions = posix_spawn_file_actions_t()
    private var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK

    init() {
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in SpawnSetup.restoredSignals { sigaddset(&defaults, number) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
    }

    deinit {
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
    }

    /// The child leads a process group of its own, so Ctrl-C at the operator's terminal reaches
    /// runbook, which decides, and a kill of the group reaches everything the child started.
    func newProcessGroup() {
        flags |= POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setpgroup(&attributes, 0)
    }

    /// The child leads a new session (and so a new group); a terminal it opens by name then
    /// becomes its controlling terminal.
    func newSession() {
        flags |= SpawnSetup.setSessionFlag
    }

    /// The child's `target` descriptor is a copy of the parent's `descriptor`.
    func duplicate(_ descriptor: Int32, to target: Int32) {
        posix_spawn_file_actions_adddup2(&actions, descriptor, target)
    }

    /// The child's `target` descriptor is `path` opened with `mode` (O_RDONLY, O_RDWR…).
    func open(_ path: String, as target: Int32, mode: Int32) {
        posix_spawn_file_actions_addopen(&actions, target, path, mode, 0)
    }

    /// Starts `executable` (looked up on PATH when `searchPath`) with `arguments` (the first is
    /// its name) and `environment` (`NAME=value` entries): the child's pid, or the error number.
    func spawn(_ executable: String, arguments: [String], environment: [String], searchPath: Bool = false)
        -> Result<pid_t, Errno>
    {
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status =
            searchPath
            ? posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return status == 0 ? .success(pid) : .failure(Errno(code: status))
    }

    /// An error number from `posix_spawn`.
    struct Errno: Error {
        var code: Int32
    }
}
