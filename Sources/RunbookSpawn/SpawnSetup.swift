#if canImport(Glibc)
import Glibc
#endif

/// One child to start with `posix_spawn`: its attributes and file actions, released with this
/// object, and the state every child runbook starts begins from.
///
/// - Signals: dispositions and the blocked mask are inherited across exec, and runbook ignores
///   or handles several signals itself (SignalMonitor, the terminal guard): without the reset a
///   step would start unable to be interrupted, or with SIGPIPE ignored where a shell pipeline
///   relies on it.
/// - Descriptors: the child gets 0, 1 and 2 as set up here (and those below
///   `firstClosedDescriptor` a caller hands it) and nothing else. A descriptor another thread
///   opened without close-on-exec at that moment (Foundation's `Process` keeps one end of a
///   socket pair open so, and watches it to learn when its child ends) would otherwise live on
///   in a step, a session or a server for as long as they run: the records file, a
///   connection, or a `Process` that never seems to end.
public final class SpawnSetup {
    /// The signals a child gets back at their default disposition.
    public static let restoredSignals: [Int32] = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU,
    ]
    /// `POSIX_SPAWN_SETSID`: glibc's value, hidden from Swift behind _GNU_SOURCE.
    private static let setSessionFlag: Int32 = 0x80

    /// The child's descriptors from this one up are closed: 0, 1 and 2 stay, and those a
    /// caller hands it below this number.
    public var firstClosedDescriptor: Int32 = 3

    private var attributes = posix_spawnattr_t()
    private var actions = posix_spawn_file_actions_t()
    private var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK

    public init() {
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
    public func newProcessGroup() {
        flags |= POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setpgroup(&attributes, 0)
    }

    /// The child leads a new session (and so a new group); a terminal it opens by name then
    /// becomes its controlling terminal.
    public func newSession() {
        flags |= SpawnSetup.setSessionFlag
    }

    /// The child's `target` descriptor is a copy of the parent's `descriptor`.
    public func duplicate(_ descriptor: Int32, to target: Int32) {
        posix_spawn_file_actions_adddup2(&actions, descriptor, target)
    }

    /// The child's `target` descriptor is `path` opened with `mode` (O_RDONLY, O_RDWR…) and, when
    /// it creates the file, `permissions`.
    public func open(_ path: String, as target: Int32, mode: Int32, permissions: mode_t = 0) {
        posix_spawn_file_actions_addopen(&actions, target, path, mode, permissions)
    }

    /// Starts `executable` (looked up on PATH when `searchPath`) with `arguments` (the first is
    /// its name) and `environment` (`NAME=value` entries; nil: runbook's own): the child's pid,
    /// or the error number.
    public func spawn(
        _ executable: String, arguments: [String], environment: [String]?, searchPath: Bool = false
    ) -> Result<pid_t, Errno> {
        posix_spawnattr_setflags(&attributes, Int16(flags))
        _ = SpawnSetup.closeFromAction?(&actions, firstClosedDescriptor)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status =
            switch (searchPath, envp) {
            case (true, let envp?): posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
            case (true, nil): posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
            case (false, let envp?): posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            case (false, nil): posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            }
        return status == 0 ? .success(pid) : .failure(Errno(code: status))
    }

    /// An error number from `posix_spawn`.
    public struct Errno: Error {
        /// The `errno` value.
        public var code: Int32
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift cannot
    /// see: glibc declares it only under _GNU_SOURCE. Looked up once; on an older glibc children
    /// inherit what is not close-on-exec, as before.
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()
}
