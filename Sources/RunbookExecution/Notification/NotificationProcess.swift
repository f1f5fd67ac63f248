import Foundation
import RunbookSpawn

#if canImport(Glibc)
import Glibc
#endif

/// A short-lived helper a delivery starts (a `notify:` command, or `curl` for an https webhook):
/// its own process group, `input` on stdin, stdout kept, stderr's tail kept for the record,
/// and killed (group and all) when `deadline` passes, so nothing outlives the delivery.
struct NotificationProcess {
    enum Ending: Equatable {
        case exited(Int32)
        case signaled(Int32)
        case timedOut
        case notStarted(String)
    }

    struct Result {
        var ending: Ending
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments`; `register` sees the process group as soon as it
    /// exists (and nil when it is gone), so whoever waits for deliveries can kill it.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: [UInt8],
        deadline: Date, register: (pid_t?) -> Void
    ) -> Result {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else {
            return Result(
                ending: .notStarted("cannot make a pipe: \(String(cString: strerror(errno)))"), stdout: "", stderr: "")
        }
        // Not inherited by the steps the engine spawns meanwhile: their reader would never end.
        for descriptor in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        // Its own group, so a timeout kills what it started too, and a Ctrl-C at the terminal
        // does not reach it before the runner decides.
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.duplicate(stdinPipe[0], to: 0)
        setup.duplicate(stdoutPipe[1], to: 1)
        setup.duplicate(stderrPipe[1], to: 2)
        let started = setup.spawn(
            executable, arguments: [executable] + arguments,
            environment: environment.map { "\($0.key)=\($0.value)" })
        for descriptor in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(descriptor) }
        guard case .success(let pid) = started else {
            for descriptor in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(descriptor) }
            let code = if case .failure(let error) = started { error.code } else { EINVAL }
            return Result(
                ending: .notStarted("cannot start \(executable): \(String(cString: strerror(code)))"), stdout: "",
                stderr: "")
        }
        register(pid)
        defer { register(nil) }

        // The input is small (one event): written whole unless the reader goes away first.
        _ = fcntl(stdinPipe[1], F_SETFL, fcntl(stdinPipe[1], F_GETFL) | O_NONBLOCK)
        var written = 0
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open: [Int32] = [stdoutPipe[0], stderrPipe[0]]
        var inputOpen = true
        if input.isEmpty {
            close(stdinPipe[1])
            inputOpen = false
        }
        var timedOut = false
        while !open.isEmpty || inputOpen {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                timedOut = true
                break
            }
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if inputOpen { polled.append(pollfd(fd: stdinPipe[1], events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(remaining, 0.5) * 1000) + 1)
            if ready < 0 && errno != EINTR { break }
            for entry in polled where entry.revents != 0 {
                if entry.fd == stdinPipe[1] {
                    let count = input[written...].withUnsafeBytes { write(entry.fd, $0.baseAddress, $0.count) }
                    if count > 0 { written += count }
                    if count < 0 && errno != EAGAIN && errno != EINTR || written >= input.count {
                        close(stdinPipe[1])
                        inputOpen = false
                    }
                    continue
                }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == stdoutPipe[0] {
                        if output.count < 65536 { output += buffer[0..<count] }
                    } else {
                        errors += buffer[0..<count]
                        if errors.count > 4096 { errors.removeFirst(errors.count - 4096) }
                    }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        if inputOpen { close(stdinPipe[1]) }
        for descriptor in open { close(descriptor) }

        var status: Int32 = 0
        if !timedOut {
            // Both streams closed: the process is ending; it still has until the deadline.
            while true {
                let ended = hasEnded(pid)
                if ended == true { break }
                if ended == nil {
                    return Result(
                        ending: .notStarted("lost track of process \(pid): \(String(cString: strerror(errno)))"),
                        stdout: String(decoding: output, as: UTF8.self), stderr: "")
                }
                if deadline.timeIntervalSinceNow <= 0 {
                    timedOut = true
                    break
                }
                usleep(10_000)
            }
        }
        if timedOut {
            kill(-pid, SIGTERM)
            usleep(100_000)
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return Result(ending: .timedOut, stdout: String(decoding: output, as: UTF8.self), stderr: "")
        }
        // Whatever the command left running in its group goes with it, while the unreaped
        // leader still holds the group's id (once reaped, the id may name someone else's group).
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ending: Ending =
            (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        return Result(
            ending: ending, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }

    /// Whether `pid` has ended (nil: it cannot be waited for), without reaping it: until the
    /// leader is reaped its group id cannot be given to another process.
    private static func hasEnded(_ pid: pid_t) -> Bool? {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else {
            return errno == EINTR ? false : nil
        }
        return info._sifields._sigchld.si_pid == pid
    }
}
