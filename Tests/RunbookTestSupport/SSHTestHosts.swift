import Foundation

/// Real OpenSSH test hosts on loopback: one `sshd` per host on a free high port of
/// 127.0.0.1, each with its own host key and its own scratch directory, one generated client
/// key, a known_hosts file naming each host key (host key checking stays on), and one ssh
/// config file that names the hosts. Tests hand the config to runbook the way an operator
/// would, with `RUNBOOK_SSH_COMMAND="ssh -F FILE"` (ssh reads the passwd home, not `$HOME`).
///
/// Every host runs as the same user (root in CI); sessions on a host get `RUNBOOK_TEST_HOST`
/// (its name) and `RUNBOOK_TEST_SCRATCH` (its directory) from sshd's `SetEnv`, so a test can
/// tell the hosts apart.
public final class SSHTestHosts {
    /// One sshd.
    public struct Host: Sendable {
        public var name: String
        public var port: Int
        /// A directory only this host's tests use.
        public var scratch: String
        /// The listening sshd; each connection is a child of it.
        public var pid: Int32
    }

    /// Why the hosts cannot run here, or nil when they can.
    public static let unavailableReason: String? = {
        for tool in ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return InstalledTools.missing(tool, install: "apt-get install openssh-server openssh-client")
        }
        if geteuid() != 0 { return "sshd test hosts run as root (sshd changes user for each login)" }
        return nil
    }()

    /// True under `CI=true`: there the hosts must start, so a missing sshd fails the tests.
    public static let underCI = ProcessInfo.processInfo.environment["CI"] == "true"

    public let directory: String
    public private(set) var hosts: [Host] = []
    /// The ssh config naming every host.
    public var configPath: String { directory + "/ssh_config" }
    /// The value for `RUNBOOK_SSH_COMMAND`.
    public var sshCommand: String { "ssh -F \(configPath)" }

    /// Starts one sshd per name and waits until each answers.
    public init(_ names: [String]) throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("runbook-ssh-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.must(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", directory + "/client_key"])
        try FileManager.default.copyItem(atPath: directory + "/client_key.pub", toPath: directory + "/authorized_keys")
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        var config = ""
        var knownHosts = ""
        for name in names {
            let home = directory + "/" + name
            try FileManager.default.createDirectory(atPath: home + "/scratch", withIntermediateDirectories: true)
            try Self.must(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", home + "/host_key"])
            let publicKey = try String(contentsOfFile: home + "/host_key.pub", encoding: .utf8)
                .split(separator: " ").prefix(2).joined(separator: " ")
            knownHosts += "\(name) \(publicKey)\n"
            var started: (Int32, Int)?
            for _ in 0..<20 {
                let port = Int.random(in: 20_000..<60_000)
                try """
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(home)/host_key
                AuthorizedKeysFile \(directory)/authorized_keys
                PidFile \(home)/sshd.pid
                StrictModes no
                PermitRootLogin prohibit-password
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                UseDNS no
                MaxSessions 50
                SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin RUNBOOK_TEST_HOST=\(name) RUNBOOK_TEST_SCRATCH=\(home)/scratch
                """.write(toFile: home + "/sshd_config", atomically: true, encoding: .utf8)
                // sshd daemonizes (closing every inherited descriptor) and writes its pid file: a
                // foreground sshd started through Foundation's Process kept later children from
                // being reaped.
                let run = try ProgramRun.run("/usr/sbin/sshd", ["-f", home + "/sshd_config"], timeout: 30)
                guard run.status == 0 else { continue }
                for _ in 0..<50 where !FileManager.default.fileExists(atPath: home + "/sshd.pid") { usleep(20_000) }
                if let text = try? String(contentsOfFile: home + "/sshd.pid", encoding: .utf8),
                    let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
                {
                    started = (pid, port)
                    break
                }
            }
            guard let (pid, port) = started else { throw SSHTestHostsError("sshd for \(name) did not start") }
            hosts.append(Host(name: name, port: port, scratch: home + "/scratch", pid: pid))
            config += """
                Host \(name)
                  HostName 127.0.0.1
                  Port \(port)
                  User root
                  HostKeyAlias \(name)
                  IdentityFile \(directory)/client_key
                  IdentitiesOnly yes
                  UserKnownHostsFile \(directory)/known_hosts
                  StrictHostKeyChecking yes
                  LogLevel ERROR
                  GSSAPIAuthentication no

                """
        }
        try knownHosts.write(toFile: directory + "/known_hosts", atomically: true, encoding: .utf8)
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        for host in hosts {
            var ready = false
            var lastFailure = ""
            for _ in 0..<100 {
                let run = try ProgramRun.run(
                    "/usr/bin/ssh", ["-F", configPath, "-o", "BatchMode=yes", host.name, "true"], timeout: 10)
                if run.status == 0 {
                    ready = true
                    break
                }
                lastFailure = run.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
                usleep(100_000)
            }
            // What ssh said last and whether the listener still runs: a failure on CI then says
            // whether the server went away, refused the key or never listened.
            guard ready else {
                let listener = kill(host.pid, 0) == 0 ? "still running" : "gone"
                throw SSHTestHostsError(
                    "ssh to the test host \(host.name) (port \(host.port)) never succeeded; its sshd is \(listener); "
                        + "ssh said: \(lastFailure.isEmpty ? "nothing" : lastFailure)")
            }
        }
    }

    deinit {
        for host in hosts {
            cutConnections(of: host.name)
            kill(host.pid, SIGKILL)
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func host(_ name: String) -> Host { hosts.first { $0.name == name }! }

    /// Kills the sshd processes serving `name`'s connections (the listener's children), as a
    /// network cut or a crashed server would end them; the listener stays up.
    public func cutConnections(of name: String) {
        let listener = host(name).pid
        for pid in Self.children(of: listener) {
            for grandchild in Self.children(of: pid) { kill(grandchild, SIGKILL) }
            kill(pid, SIGKILL)
        }
    }

    /// Live processes whose command line contains `marker`.
    public static func processes(containing marker: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                String(decoding: data, as: UTF8.self).contains(marker),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                stat[stat.index(after: close)...].split(separator: " ").first != "Z"
            else { return nil }
            return pid
        }
    }

    private static func children(of parent: Int32) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent ? pid : nil
        }
    }

    private static func must(_ arguments: [String]) throws {
        let run = try ProgramRun.run(arguments[0], Array(arguments.dropFirst()), timeout: 30)
        guard run.status == 0 else {
            throw SSHTestHostsError("\(arguments.joined(separator: " ")) failed: \(run.stderrText)")
        }
    }
}

/// A test host could not be set up.
public struct SSHTestHostsError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
