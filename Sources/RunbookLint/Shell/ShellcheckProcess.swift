import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One shellcheck process, spawned directly and read to its end.
///
/// Lint runs several of these at once from its workers. The output channel (a socket pair) is
/// created close-on-exec in one call, so a shellcheck started by one worker never holds the
/// write end of another worker's channel (which would keep that worker reading until the
/// unrelated process exits); and at most
/// `ShellcheckProcess.limit` run at once, one per core, whatever the number of workers.
enum ShellcheckProcess {
    /// How many shellcheck processes may run at once: one per core.
    static let limit = max(1, ProcessInfo.processInfo.activeProcessorCount)
    private static let slots = DispatchSemaphore(value: limit)

    /// What `executable` run with `arguments` printed on its standard output (standard input
    /// and error are /dev/null); nil when it could not be started.
    static func output(of executable: String, arguments: [String]) -> [UInt8]? {
        slots.wait()
        defer { slots.signal() }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return nil
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        _ = close(ends[1])
        defer { _ = close(ends[0]) }
        guard status == 0 else { return nil }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        var code: Int32 = 0
        while waitpid(pid, &code, 0) < 0 && errno == EINTR {}
        return output
    }
}
