import Foundation
import RunbookDocument
import RunbookRecords

/// The run's sessions on other hosts, one per host, started with the first step on that host:
/// each keeps its own carried state (exports, directory, functions, aliases, options), as a
/// terminal open on that host would, and its own master connection.
final class RemoteSessions {
    /// The runbook's `hosts:`; other names go to ssh as they are.
    let inventory: HostInventory
    /// The variables and the front matter's `env`: what every remote session starts with on
    /// top of its own login environment (the runner's environment stays here).
    private let baseline: [String: String]
    private let environment: [String: String]
    private let directory: String
    private let batchMode: Bool
    /// The bash wrappers every remote step runs in, whatever the local shell.
    let wrapper: String
    let consoleWrapper: String
    // Guarded by `lock`: the hosts of a `parallel=N` step connect from their own threads.
    // Each host's session is used by one thread at a time.
    private var sessions: [String: RemoteShellSession] = [:]
    private var states: [String: SessionState] = [:]
    private var order: [String] = []
    private let lock = NSLock()

    /// - Parameters:
    ///   - environment: the runner's environment, for `RUNBOOK_SSH_COMMAND`.
    ///   - directory: the run's private 0700 directory, where the master sockets live.
    ///   - batchMode: no password or passphrase prompts (`--auto`).
    init(
        inventory: HostInventory, baseline: [String: String], environment: [String: String], directory: String,
        batchMode: Bool, semantics: Semantics
    ) {
        self.inventory = inventory
        self.baseline = baseline
        self.environment = environment
        self.directory = directory
        self.batchMode = batchMode
        wrapper = StepScript.bashWrapper(semantics: semantics)
        consoleWrapper = StepScript.bashConsoleWrapper
    }

    deinit { shutDown() }

    /// Where the next step on `host` starts: where its session's steps left it, else its login
    /// directory.
    func workingDirectory(on host: String) -> String {
        lock.withLock { states[host]?.workingDirectory } ?? RemoteHost.loginDirectory
    }

    /// `host`'s session, started (again, when the connection was lost) and brought up to date.
    /// Connecting takes a while (a new master connection): it happens outside the lock, so
    /// hosts of a `parallel=N` step connect at once.
    func session(on host: String) throws(RemoteSessionError) -> RemoteShellSession {
        let target = RemoteHost(
            name: host, destination: RemoteSessions.expand(inventory.destination(of: host), with: baseline))
        let (running, dead, state, index) = lock.withLock {
            var dead: RemoteShellSession?
            if let session = sessions[host], !session.isAlive {
                dead = session
                sessions[host] = nil
            }
            let state = states[host] ?? SessionState(workingDirectory: RemoteHost.loginDirectory, environment: baseline)
            states[host] = state
            if !order.contains(host) { order.append(host) }
            return (sessions[host], dead, state, order.firstIndex(of: host)! + 1)
        }
        dead?.shutDown()
        let session: RemoteShellSession
        if let running {
            session = running
        } else {
            let ssh: SSHCommand
            do {
                ssh = try SSHCommand(environment: environment)
            } catch {
                throw RemoteSessionError(host: target, reason: error.description)
            }
            session = try RemoteShellSession(
                host: target, ssh: ssh, directory: directory, index: index, batchMode: batchMode, wrapper: wrapper,
                consoleWrapper: consoleWrapper)
            lock.withLock { sessions[host] = session }
        }
        session.update(environment: state.environment, definitions: state.definitions)
        return session
    }

    /// Takes in what the last (successful) step on `host` left: exports, directory, definitions.
    /// - Returns: what to record when that changed what `host`'s next step starts with, else nil.
    func absorbState(on host: String, redactor: Redactor, secretNames: Set<String>) -> SessionSnapshot? {
        let (session, current) = lock.withLock { (sessions[host], states[host]) }
        guard let capture = session?.takeState(), var state = current else { return nil }
        let before = state.snapshot(redactor: redactor, secretNames: secretNames)
        state.absorb(capture)
        lock.withLock { states[host] = state }
        let after = state.snapshot(redactor: redactor, secretNames: secretNames)
        return after == before ? nil : after
    }

    /// Brings back what each host's steps had carried when the run stopped (`RunState.hostSessions`),
    /// so a resumed run's next step on a host starts where the last one there left off.
    func restore(_ snapshots: [String: SessionSnapshot], redactor: Redactor) {
        lock.withLock {
            for (host, snapshot) in snapshots {
                states[host] = SessionState(restoring: snapshot, baseline: baseline, redactor: redactor)
            }
        }
    }

    /// The failure of a step whose connection went away under it.
    func connectionLost(on host: String) -> String {
        "connection lost to host \(host): ssh ended before the step did"
    }

    /// `destination` with `$NAME` and `${NAME}` replaced by the run's variables, so `hosts:` can
    /// say `backup: $BACKUP_HOST`; an unknown name is left as written, for ssh to refuse.
    static func expand(_ destination: String, with variables: [String: String]) -> String {
        var result = ""
        var rest = Substring(destination)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let braced = after.first == "{"
            if braced { after = after.dropFirst() }
            let name = after.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            let end = after.index(after.startIndex, offsetBy: name.count)
            let closed = !braced || after[end...].first == "}"
            if !name.isEmpty, closed, let value = variables[String(name)] {
                result += value
                rest = braced ? after[after.index(after: end)...] : after[end...]
            } else {
                result.append("$")
                rest = rest[rest.index(after: dollar)...]
            }
        }
        return result + rest
    }

    /// Ends every session and master connection.
    func shutDown() {
        let open = lock.withLock {
            let open = order.compactMap { sessions[$0] }
            sessions.removeAll()
            return open
        }
        for session in open { session.shutDown() }
    }
}
