import Foundation
import RunbookRecords

#if canImport(Glibc)
import Glibc
import RunbookSpawn
#endif

/// The one long-lived bash a run's steps run in, as if pasted into one terminal.
///
/// The shell reads requests on its standard input and answers on its standard output, both
/// one socket the engine holds, so nothing about the conversation needs a local process: the
/// same protocol works over `ssh host bash`. Each step runs in a forked child of the session,
/// in a process group of its own (the session runs with `set -m`), so timeouts, Ctrl-C and the
/// orphan reaper end the step's whole group and never the session. The child opens two named
/// pipes the engine created in the run's private directory for its stdout and stderr, so the
/// streams stay separate and end when the step's last process closes them, as with a spawned
/// step. The session itself only ever holds the environment and the carried definitions:
/// a step's functions, aliases and options are applied inside its child, never in the loop
/// that reads requests, so no step can redefine a command the loop relies on.
///
/// Requests (`SessionChannel`), each shell code that sets `__runbook_kind`:
/// - `E`: `export`/`unset -v` lines the session evaluates (the environment changed);
/// - `D`: the definitions each step's child evaluates before the step;
/// - `R` or `C`: the step number, `$0`, blank lines to pad and the arguments: run the shell
///   wrapper (`R`) or the console wrapper (`C`) with these arguments in a child; the session
///   answers `P<pid>` when it started and `S<status>` when it ended.
final class ShellSession {
    /// The session shell's pid; also its process group.
    let pid: pid_t
    private var socket: Int32
    private var replies = SessionReplies()
    private let directory: String
    private var counter = 0
    /// The environment the session exports to its steps now.
    private(set) var environment: [String: String]
    /// The definitions the session hands each step now.
    private(set) var definitions = ""

    /// Starts `shell` (a bash) with `environment`; `directory` is the run's private directory,
    /// where each step's named pipes live.
    init(shell: String, wrapper: String, consoleWrapper: String, directory: String, environment: [String: String])
        throws(ProcessStartError)
    {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw ProcessStartError(executable: shell, code: errno)
        }
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.duplicate(ends[1], to: 0)
        setup.duplicate(ends[1], to: 1)
        setup.open("/dev/null", as: 2, mode: O_WRONLY)
        let started = setup.spawn(
            shell,
            arguments: [
                shell, "-c", StepScript.sessionLoop(wrapper: wrapper), "runbook-session", consoleWrapper, directory,
            ],
            environment: environment.map { "\($0.key)=\($0.value)" })
        _ = close(ends[1])
        switch started {
        case .success(let pid): self.pid = pid
        case .failure(let error):
            _ = close(ends[0])
            throw ProcessStartError(executable: shell, code: error.code)
        }
        socket = ends[0]
        self.directory = directory
        self.environment = environment
        guard readLine(blocking: true) == "ready" else {
            shutDown()
            throw ProcessStartError(executable: shell, code: EPROTO)
        }
    }

    deinit { shutDown() }

    /// False once the session shell has ended (a step ran `exit` in it, or killed `$$`).
    var isAlive: Bool { socket >= 0 }

    /// Brings the session's environment and definitions to these, sending only what changed.
    func update(environment target: [String: String], definitions targetDefinitions: String) {
        if target != environment {
            let script = SessionChannel.environmentChange(from: environment, to: target)
            if !script.isEmpty { transmit(SessionChannel.environmentRequest(script)) }
            environment = target
        }
        if targetDefinitions != definitions {
            transmit(SessionChannel.definitionsRequest(targetDefinitions))
            definitions = targetDefinitions
        }
    }

    /// Starts a step: the shell wrapper (`console` false) or the console wrapper with
    /// `arguments`, `$0` set to `name` and `padding` blank lines before the step's text.
    func start(
        console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int
    ) throws(ProcessStartError) -> SessionStep {
        let request = try send(
            console: console, name: name, padding: padding, arguments: arguments, pipeSize: pipeSize, gated: false)
        return try started(request)
    }

    /// A step the session is starting: its pipes are open and its request sent.
    struct Request {
        fileprivate let outputs: [ChildProcess.Output]
        fileprivate let paths: [String]
        fileprivate let handedOver: Bool
    }

    /// Sends a step's request (as `start`) and returns before the session answers. A `gated`
    /// step's child waits, once forked and in its group, for `openGate(_:)` before it runs
    /// anything of the step: the engine records the step's start while the session forks.
    func send(
        console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int, gated: Bool
    ) throws(ProcessStartError) -> Request {
        counter += 1
        let paths = ["\(directory)/out.\(counter)", "\(directory)/err.\(counter)"]
        var outputs: [ChildProcess.Output] = []
        func discard() {
            for output in outputs { _ = close(output.descriptor) }
            for path in paths { _ = unlink(path) }
        }
        for (path, stream) in zip(paths, [OutputStreamKind.stdout, .stderr]) {
            var made = mkfifo(path, 0o600) == 0
            if !made && errno == EEXIST {
                _ = unlink(path)
                made = mkfifo(path, 0o600) == 0
            }
            guard made else {
                let code = errno
                discard()
                throw ProcessStartError(executable: "bash", code: code)
            }
            let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                discard()
                throw ProcessStartError(executable: "bash", code: code)
            }
            _ = fcntl(descriptor, ShellSession.setPipeSize, Int32(pipeSize))
            outputs.append(ChildProcess.Output(descriptor: descriptor, stream: stream))
        }
        transmit(
            SessionChannel.stepRequest(
                console: console, number: counter, name: name, padding: padding, arguments: arguments, gated: gated))
        return Request(outputs: outputs, paths: paths, handedOver: socket >= 0)
    }

    /// Waits for the session to say it forked `request`'s step.
    func started(_ request: Request) throws(ProcessStartError) -> SessionStep {
        guard let line = readLine(blocking: true), line.first == "P", let child = pid_t(line.dropFirst()), child > 0
        else {
            // The session took the request and ended before it said the step started: the
            // step's child can run `kill $$` before its parent prints `P`. The step ran, and
            // nobody will report how it ended, so it is a step that ended without a status,
            // not one that never started.
            if request.handedOver && !isAlive {
                return SessionStep(endedWithoutReport: request.outputs, paths: request.paths, session: self)
            }
            for output in request.outputs { _ = close(output.descriptor) }
            for path in request.paths { _ = unlink(path) }
            throw ProcessStartError(executable: "bash", code: EPIPE)
        }
        return SessionStep(pid: child, outputs: request.outputs, paths: request.paths, session: self)
    }

    /// Lets a gated step's child run the step (`go`), or end at once with status 125. The
    /// child reads this byte from the session's stream, which its parent does not read while
    /// it waits for the child: if runbook is gone, the child reads the end and does not run.
    func openGate(_ go: Bool) {
        guard socket >= 0 else { return }
        if !SessionChannel.sendAll([go ? UInt8(ascii: "g") : UInt8(ascii: "x")], to: socket) { ended() }
    }

    // MARK: Conversation

    /// The descriptor that polls readable when the session answers; -1 once it has ended.
    var replyDescriptor: Int32 { socket }

    /// The next line the session wrote, without its newline; nil when none is complete yet
    /// (`blocking` false) or the session has ended.
    func readLine(blocking: Bool) -> String? {
        switch replies.next(from: socket, blocking: blocking) {
        case .line(let line): return line
        case .notYet: return nil
        case .ended:
            ended()
            return nil
        }
    }

    private func transmit(_ request: [UInt8]) {
        guard socket >= 0 else { return }
        if !SessionChannel.sendRequest(request, to: socket) { ended() }
    }

    /// The session is gone: reap it.
    private func ended() {
        guard socket >= 0 else { return }
        _ = close(socket)
        socket = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Ends the session: it reads the end of its input and exits; one that does not within a
    /// second is killed.
    private func shutDown() {
        guard socket >= 0 else { return }
        _ = close(socket)
        socket = -1
        var status: Int32 = 0
        for _ in 0..<100 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { return }
            usleep(10_000)
        }
        ProcessGroup.signal(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    // MARK: Quoting

    /// `value` as one single-quoted shell word.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingAll("'", with: "'\\''") + "'"
    }

    /// Names the session can set: shell names that are not its own or the shell's.
    static func isSettable(_ name: String) -> Bool {
        SessionState.isShellName(name) && !SessionState.shellManaged.contains(name) && !name.hasPrefix("__runbook_")
    }

    private static let setPipeSize: Int32 = 1031
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
