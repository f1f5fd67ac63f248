import Foundation
import RunbookSpawn

#if canImport(Glibc)
import Glibc
#endif

/// Starting ssh: in a process group of its own (Ctrl-C at the operator's terminal reaches
/// runbook, which decides), its stderr appended to a log in the run's private directory.
enum SSHProcess {
    /// Starts `arguments` (the program first, looked up in `PATH`) with `input` and `output` as
    /// its stdin and stdout (nil: /dev/null); nil when it cannot be started.
    static func spawn(_ arguments: [String], input: Int32?, output: Int32?, log: String?) -> pid_t? {
        let setup = SpawnSetup()
        setup.newProcessGroup()
        if let input { setup.duplicate(input, to: 0) } else { setup.open("/dev/null", as: 0, mode: O_RDONLY) }
        if let output { setup.duplicate(output, to: 1) } else { setup.open("/dev/null", as: 1, mode: O_WRONLY) }
        setup.open(log ?? "/dev/null", as: 2, mode: O_WRONLY | O_CREAT | O_APPEND, permissions: 0o600)
        guard
            case .success(let pid) = setup.spawn(arguments[0], arguments: arguments, environment: nil, searchPath: true)
        else { return nil }
        return pid
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
