import Foundation
import RunbookSpawn

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
        let setup = SpawnSetup()
        setup.open("/dev/null", as: 0, mode: O_RDONLY)
        setup.duplicate(ends[1], to: 1)
        setup.open("/dev/null", as: 2, mode: O_WRONLY)
        let started = setup.spawn(executable, arguments: [executable] + arguments, environment: nil)
        _ = close(ends[1])
        defer { _ = close(ends[0]) }
        guard case .success(let pid) = started else { return nil }
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
