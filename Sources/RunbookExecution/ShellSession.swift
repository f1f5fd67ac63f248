import Foundation
import RunbookBytes
import RunbookRecords

#if canImport(Glibc)
import Glibc
import RunbookSpawn
#endif

/// The one long-lived bash a run's steps run in, as if pasted into one terminal.
///
/// The shell reads on its standard input and answers on its standard output, both one socket
/// the engine holds. Each step runs in a forked child of the session, in a process group of
/// its own (the session runs with `set -m`), so timeouts, Ctrl-C and the orphan reaper end the
/// step's whole group and never the session. The child opens two named pipes the engine
/// created in the run's private directory for its stdout and stderr, so the streams stay
/// separate and end when the step's last process closes them, as with a spawned step. The
/// session itself only ever holds the environment and the carried definitions: a step's
/// functions, aliases and options are applied inside its child, never in the loop, so no step
/// can redefine a command the loop relies on.
///
/// The conversation (`StepScript.sessionLoop`): the session forks a child and answers
/// `P<pid>`; the child waits for its step request (`SessionChannel.stepRequest`), which runbook
/// sends only once the step's start is recorded. Behind the request, in the same write, comes
/// the update (`SessionChannel.sessionUpdate`) the session evaluates when the child has ended
/// and it has answered `S<status>`, before it forks the next child. The fork thus happens
/// while runbook records one step's end and the next one's start, and nobody waits for the
/// update. A child was forked with the session's environment and definitions of that moment,
/// so a step request carries what changed since, and the update behind it hands the session
/// the same changes. A waiting child that ends without a request (killed from outside) is
/// answered with an empty update when its `S` arrives; a request whose child ended before it
/// could read it, the session skips.
final class ShellSession {
    /// The session shell's pid; also its process group.
    let pid: pid_t
    private var socket: Int32
    private var replies = SessionReplies()
    private let directory: String
    private var counter = 0
    /// The environment the engine wants the next step to have.
    private(set) var environment: [String: String]
    /// The definitions the engine wants the next step to have.
    private(set) var definitions = ""
    /// What the waiting child was forked with: the session's environment and definitions then.
    private var childEnvironment: [String: String]
    private var childDefinitions = ""
    /// The child waiting for a step request, once the session said it forked it.
    private var waitingChild: pid_t?
    /// True from a step's request until its `S`: the session has the update it evaluates then.
    private var updateSent = false
    /// False while the environment and definitions are those the waiting child has.
    private var targetChanged = false

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
        childEnvironment = environment
        guard readLine(blocking: true) == "ready" else {
            shutDown()
            throw ProcessStartError(executable: shell, code: EPROTO)
        }
    }

    deinit { shutDown() }

    /// False once the session shell has ended (a step ran `exit` in it, or killed `$$`).
    var isAlive: Bool { socket >= 0 }

    /// Makes these the environment and definitions the next step gets. Nothing is sent now:
    /// the changes travel with the next step's request.
    func update(environment target: [String: String], definitions targetDefinitions: String) {
        environment = target
        definitions = targetDefinitions
        targetChanged = true
    }

    /// Starts a step: the shell wrapper (`console` false) or the console wrapper with
    /// `arguments`, `$0` set to `name` and `padding` blank lines before the step's text.
    func start(
        console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int
    ) throws(ProcessStartError) -> SessionStep {
        try launch(prepare(console: console, name: name, padding: padding, arguments: arguments, pipeSize: pipeSize))
    }

    /// A step ready to run: its pipes are open, its request is written but not sent.
    struct Request {
        fileprivate let outputs: [ChildProcess.Output]
        fileprivate let paths: [String]
        fileprivate let script: [UInt8]
        fileprivate let padding: Int
    }

    /// Makes a step's pipes and its request (as `start`), and sends nothing: the session's
    /// waiting child runs nothing before `launch(_:)`, so the engine records the start between
    /// the two.
    func prepare(
        console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int
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
        let script = SessionChannel.stepRequest(
            console: console, number: counter, name: name, padding: padding, arguments: arguments)
        return Request(outputs: outputs, paths: paths, script: script, padding: padding)
    }

    /// Gives up a prepared step that will not run: its pipes go, the waiting child keeps waiting.
    func discard(_ request: Request) {
        for output in request.outputs { _ = close(output.descriptor) }
        for path in request.paths { _ = unlink(path) }
    }

    /// Hands `request` to the session's waiting child, which runs the step at once.
    func launch(_ request: Request) throws(ProcessStartError) -> SessionStep {
        // A waiting child that ended (killed from outside) was answered for already, and the
        // session forks another.
        while readLine(blocking: false) != nil {}
        while waitingChild == nil, socket >= 0 {
            // The session answers `P` right after the previous update; this waits only when
            // the engine came back before the session forked.
            _ = readLine(blocking: true)
        }
        guard let child = waitingChild, socket >= 0 else {
            discard(request)
            throw ProcessStartError(executable: "bash", code: EPIPE)
        }
        var update: [UInt8] = []
        if targetChanged {
            update = SessionChannel.environmentChange(from: childEnvironment, to: environment)
            if definitions != childDefinitions { update += SessionChannel.definitionsAssignment(definitions) }
        }
        // The child was forked before the last step's changes were known: its request carries
        // them, and the update behind it brings the session to what this step got.
        var bytes = SessionChannel.framed(request.script + [ASCII.newline] + update)
        bytes += SessionChannel.framed(SessionChannel.sessionUpdate(update, padding: request.padding))
        transmitFramed(bytes)
        waitingChild = nil
        updateSent = true
        if targetChanged {
            childEnvironment = environment
            childDefinitions = definitions
            targetChanged = false
        }
        return SessionStep(pid: child, outputs: request.outputs, paths: request.paths, session: self)
    }

    // MARK: Conversation

    /// The descriptor that polls readable when the session answers; -1 once it has ended.
    var replyDescriptor: Int32 { socket }

    /// The next line the session wrote, without its newline; nil when none is complete yet
    /// (`blocking` false) or the session has ended. A `P` line (the session forked the child
    /// that waits for the next step) is taken here, and so is the `S` of a waiting child that
    /// ended without a request.
    func readLine(blocking: Bool) -> String? {
        var blocking = blocking
        while true {
            switch replies.next(from: socket, blocking: blocking) {
            case .line(let line):
                if line.first == "P", let child = pid_t(line.dropFirst()), child > 0 {
                    // Not an answer the caller waits for, but news: it may look again.
                    waitingChild = child
                    blocking = false
                    continue
                }
                if line.first == "S" {
                    guard updateSent else {
                        // The waiting child ended without a step: the session needs an update
                        // all the same before it forks another.
                        waitingChild = nil
                        transmitFramed(SessionChannel.framed(SessionChannel.sessionUpdate([], padding: 0)))
                        continue
                    }
                    updateSent = false
                }
                return line
            case .notYet: return nil
            case .ended:
                ended()
                return nil
            }
        }
    }

    /// Sends `bytes`, framed messages, in one write.
    private func transmitFramed(_ bytes: [UInt8]) {
        guard socket >= 0 else { return }
        if !SessionChannel.sendAll(bytes, to: socket) { ended() }
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
        // Its exit takes well under a millisecond: a pidfd wakes this when it happens, where
        // sleeping between checks would add the sleep to every run's end.
        let exit = PidDescriptor.open(pid)
        defer { if exit >= 0 { _ = close(exit) } }
        var waited = 0
        while waited < 1000 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) { return }
            if exit >= 0 {
                var descriptor = pollfd(fd: exit, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 100)
                waited += 100
            } else {
                usleep(1000)
                waited += 1
            }
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
