import Foundation
import RunbookDocument
import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// The shell session of one remote host: `bash` on the other side of one ssh session over the
/// run's master connection to that host, speaking the local session's protocol
/// (`ShellSession`) with the steps' output framed into the same stream
/// (`StepScript.remoteSessionLoop`).
///
/// A `RemoteStreamPump` thread reads ssh's output: a step's stdout and stderr frames go to
/// the two local sockets the runner polls, answers (`P`, `S`, `ready`) to a third the engine
/// reads lines from, and the state a step left (`T`) is kept for the executor. When ssh's
/// output ends (the connection is lost), every one of them ends, so a running step reads as
/// ended without a status, never as a hang.
final class RemoteShellSession {
    /// The host's name in the runbook and where ssh connects.
    let host: RemoteHost
    private let ssh: SSHCommand
    private let controlPath: String
    private let batchMode: Bool
    private let logPath: String
    /// ssh's pid (the session, not the master).
    private let client: pid_t
    /// Runbook's end of ssh's stdin and stdout; -1 once closed.
    private var stream: Int32
    private let pump: RemoteStreamPump
    private var replies = SessionReplies()
    private var counter = 0
    /// The environment the remote session exports to its steps now.
    private(set) var environment: [String: String] = [:]
    /// The definitions the remote session hands each step now.
    private(set) var definitions = ""

    /// Connects to `host` (the master connection first, so a refused key or an unknown host
    /// fails here, with ssh's words) and starts the remote session.
    init(
        host: RemoteHost, ssh: SSHCommand, directory: String, index: Int, batchMode: Bool, wrapper: String,
        consoleWrapper: String
    ) throws(RemoteSessionError) {
        self.host = host
        self.ssh = ssh
        self.batchMode = batchMode
        controlPath = "\(directory)/ssh-\(index).socket"
        logPath = "\(directory)/ssh-\(index).log"
        let master = SSHProcess.run(
            ssh.masterArguments(destination: host.destination, controlPath: controlPath, batchMode: batchMode),
            log: logPath, deadline: 60)
        guard master == 0 else {
            throw RemoteSessionError(host: host, reason: RemoteShellSession.lastLine(of: logPath) ?? "ssh failed")
        }
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw RemoteSessionError(host: host, reason: String(cString: strerror(errno)))
        }
        let arguments = ssh.sessionArguments(
            destination: host.destination, controlPath: controlPath, batchMode: batchMode,
            command: StepScript.remoteCommand)
        guard let pid = SSHProcess.spawn(arguments, input: ends[1], output: ends[1], log: logPath) else {
            _ = close(ends[0])
            _ = close(ends[1])
            throw RemoteSessionError(host: host, reason: "cannot start \(ssh.words[0])")
        }
        _ = close(ends[1])
        client = pid
        stream = ends[0]
        pump = RemoteStreamPump(stream: dup(ends[0]))
        pump.start()
        transmit([StepScript.remoteSessionLoop, wrapper, consoleWrapper])
        guard readLine(blocking: true) == "ready" else {
            shutDown()
            throw RemoteSessionError(
                host: host, reason: RemoteShellSession.lastLine(of: logPath) ?? "the remote shell did not start")
        }
    }

    deinit { shutDown() }

    /// The state the last step that succeeded left (`StepScript.bashDump`), taken once.
    func takeState() -> [UInt8]? { pump.takeState() }

    /// Brings the remote environment and definitions to these, sending only what changed.
    /// Values travel in the stream, never on a command line.
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

    /// Ends the session and the master connection: the remote loop reads the end of its
    /// input, removes its directory and exits.
    func shutDown() {
        guard stream >= 0 else { return }
        _ = Glibc.shutdown(stream, Int32(SHUT_WR))
        _ = close(stream)
        stream = -1
        var status: Int32 = 0
        var ended = false
        for _ in 0..<300 {
            let result = waitpid(client, &status, WNOHANG)
            if result == client || (result < 0 && errno != EINTR) {
                ended = true
                break
            }
            usleep(10_000)
        }
        if !ended {
            _ = kill(client, SIGKILL)
            while waitpid(client, &status, 0) < 0 && errno == EINTR {}
        }
        _ = SSHProcess.run(
            ssh.exitArguments(destination: host.destination, controlPath: controlPath), log: nil, deadline: 5)
        pump.closeControl()
    }

    private func transmit(_ fields: [String]) {
        guard stream >= 0 else { return }
        _ = SessionChannel.send(fields, to: stream)
    }

    private func transmit(_ request: [UInt8]) {
        guard stream >= 0 else { return }
        _ = SessionChannel.sendRequest(request, to: stream)
    }

    private static func lastLine(of path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { !$0.isEmpty }.map { TerminalText.visible(String($0)) }
    }
}

extension RemoteShellSession: StepSession {
    var isRemote: Bool { true }
    var replyDescriptor: Int32 { pump.controlDescriptor }
    var isAlive: Bool { pump.controlDescriptor >= 0 }

    func readLine(blocking: Bool) -> String? {
        switch replies.next(from: pump.controlDescriptor, blocking: blocking) {
        case .line(let line): return line
        case .notYet: return nil
        case .ended:
            pump.closeControl()
            return nil
        }
    }

    func start(console: Bool, name: String, padding: Int, arguments: [String], pipeSize: Int)
        throws(ProcessStartError) -> SessionStep
    {
        counter += 1
        var outputs: [ChildProcess.Output] = []
        var writers: [Int32] = []
        for stream in [OutputStreamKind.stdout, .stderr] {
            var ends: [Int32] = [-1, -1]
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0
            else {
                let code = errno
                for output in outputs { _ = close(output.descriptor) }
                for writer in writers { _ = close(writer) }
                throw ProcessStartError(executable: "ssh", code: code)
            }
            _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
            outputs.append(ChildProcess.Output(descriptor: ends[0], stream: stream))
            writers.append(ends[1])
        }
        pump.route(stdout: writers[0], stderr: writers[1])
        transmit(
            SessionChannel.stepRequest(
                console: console, number: counter, name: name, padding: padding, arguments: arguments))
        guard let line = readLine(blocking: true), line.first == "P", let child = pid_t(line.dropFirst()), child > 0
        else {
            for output in outputs { _ = close(output.descriptor) }
            pump.route(stdout: -1, stderr: -1)
            throw ProcessStartError(executable: "ssh", code: EPIPE)
        }
        return SessionStep(pid: child, outputs: outputs, paths: [], session: self)
    }

    /// The signal goes through the master connection, as a command of its own: the session's
    /// shell is busy waiting for the step. Only numbers are on that command line.
    func signal(group: Int32, _ signal: Int32) {
        guard group > 1 else { return }
        let name =
            switch signal {
            case SIGKILL: "KILL"
            case SIGINT: "INT"
            case SIGHUP: "HUP"
            case SIGQUIT: "QUIT"
            default: "TERM"
            }
        _ = SSHProcess.run(
            ssh.sessionArguments(
                destination: host.destination, controlPath: controlPath, batchMode: true,
                command: "kill -s \(name) -- -\(group) 2>/dev/null"),
            log: nil, deadline: 10)
    }
}

/// A host a step runs on: its name in the runbook and the destination ssh connects to.
public struct RemoteHost: Sendable, Hashable {
    public var name: String
    public var destination: String

    public init(name: String, destination: String) {
        self.name = name
        self.destination = destination
    }

    /// How a plan shows the directory a remote session starts in: the login directory.
    public static let loginDirectory = "~"
}

/// A remote session could not be started.
public struct RemoteSessionError: Error, Hashable, Sendable, CustomStringConvertible {
    public var host: RemoteHost
    /// ssh's own last words, or what failed.
    public var reason: String
    public var description: String {
        "cannot connect to host \(host.name) (\(host.destination)): \(reason)"
    }
}
