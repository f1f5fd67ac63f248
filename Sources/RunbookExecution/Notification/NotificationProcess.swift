import Foundation

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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        // Its own group, so a timeout kills what it started too, and a Ctrl-C at the terminal
        // does not reach it before the runner decides.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        for descriptor in [stdinPipe[0], stdoutPipe[1], stderrPipe[1]] { close(descriptor) }
        guard spawned == 0 else {
            for descriptor in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(descriptor) }
            return Result(
                ending: .notStarted("cannot start \(executable): \(String(cString: strerror(spawned)))"), stdout: "",
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
                let reaped = waitpid(pid, &status, WNOHANG)
                if reaped == pid { break }
                if reaped < 0 && errno != EINTR {
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
            _ = waitpid(pid, &status, 0)
            return Result(ending: .timedOut, stdout: String(decoding: output, as: UTF8.self), stderr: "")
        }
        // Whatever the command left running in its group goes with it.
        kill(-pid, SIGKILL)
        let ending: Ending =
            (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        return Result(
            ending: ending, stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self))
    }
}
