import Foundation
import RunbookSpawn

#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL cluster for the tests that keep records on a server: `initdb` in a
/// temporary directory, `postgres` listening on a free 127.0.0.1 port and on a socket in that
/// directory, started once per test process (`shared`) and stopped when the process ends.
///
/// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
/// (Debian's package creates it). A watchdog shell stops the cluster and removes its directory
/// when the test process is gone, however it ended, so no server outlives the tests.
///
/// Each test takes a database of its own (`makeDatabase()`). The role `postgres` connects
/// without a password over TCP; the role `runbook_password` needs the password in
/// `password` (scram-sha-256), for the tests of a refused password.
public final class PostgreSQLTestServer: Sendable {
    public let port: Int
    public let directory: String
    private let binaries: String
    private let asUser: String?
    /// The role that needs a password, and its password.
    public static let passwordRole = "runbook_password"
    public static let password = "right-horse-battery"

    /// The server, started on first use; or why there is none.
    public static let shared: Result<PostgreSQLTestServer, Unavailable> = {
        do {
            return .success(try PostgreSQLTestServer())
        } catch let error as Unavailable {
            return .failure(error)
        } catch {
            return .failure(Unavailable(reason: "the PostgreSQL test cluster did not start: \(error)"))
        }
    }()

    /// Why the tests that need PostgreSQL cannot run here, or nil when they can. Under
    /// `CI=true` a missing server is the test's failure, not a skip (the caller checks
    /// `mustRun`).
    public static var unavailableReason: String? {
        if case .failure(let error) = shared { return error.reason }
        return nil
    }

    /// True where PostgreSQL tests may not skip: CI installs PostgreSQL (.ci/run).
    public static let mustRun = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Why there is no server.
    public struct Unavailable: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }

        public init(reason: String) { self.reason = reason }
    }

    /// The started server, or a thrown `Unavailable` saying why (for tests that run under CI
    /// whatever happens and must fail then).
    public static func require() throws -> PostgreSQLTestServer { try shared.get() }

    /// A cluster of the caller's own, not the shared one: for a test that stops or restarts
    /// the server, which would cut every other test's sessions on the shared one. `shutDown()`
    /// ends it; the watchdog ends it anyway when the test process does.
    public static func startPrivate() throws -> PostgreSQLTestServer { try PostgreSQLTestServer() }

    /// Stops a private cluster at once and removes its files.
    public func shutDown() {
        _ = try? run("\(binaries)/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    private init() throws {
        guard let bin = PostgreSQLTestServer.findBinaries() else {
            throw Unavailable(
                reason:
                    "PostgreSQL's server binaries (initdb, pg_ctl, postgres) are not installed (apt-get install postgresql); .ci/run installs them"
            )
        }
        binaries = bin
        asUser = geteuid() == 0 ? "postgres" : nil
        if asUser != nil, getpwnam("postgres") == nil {
            throw Unavailable(reason: "running as root, and there is no postgres user to run the server as")
        }
        directory = "/tmp/runbook-pg-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let user = asUser, let entry = getpwnam(user) {
            chown(directory, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        port = PostgreSQLTestServer.freePort()
        let data = directory + "/data"
        try run(
            "\(binaries)/initdb",
            ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        let hba = """
            local all all trust
            host all \(PostgreSQLTestServer.passwordRole) 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust

            """
        try hba.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try start()
        // The watchdog: when this process is gone, the cluster stops and its files go.
        let watchdog =
            "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; \(command("\(binaries)/pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])) >/dev/null 2>&1; rm -rf '\(directory)'"
        _ = try PostgreSQLTestServer.shell("nohup /bin/sh -c \(PostgreSQLTestServer.quote(watchdog)) >/dev/null 2>&1 &")
        try psql(
            "postgres",
            "CREATE ROLE \(PostgreSQLTestServer.passwordRole) LOGIN SUPERUSER PASSWORD '\(PostgreSQLTestServer.password)'"
        )
    }

    private func start() throws {
        // The server pg_ctl leaves running would hold the pipes of a captured output open, so
        // a reader would wait for it to exit: its output goes to its log file and nowhere else.
        try run(
            "\(binaries)/pg_ctl",
            [
                "-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "-o",
                "-p \(port) -h 127.0.0.1 -k \(directory) -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start",
            ])
    }

    /// Restarts the server (every session is cut), for tests of a run that outlives it.
    /// - Parameter pause: seconds the server stays down.
    public func restart(pause: Double = 0) throws {
        try stop()
        if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
        try startAgain()
    }

    /// Stops the server, cutting every session, and returns once it is down; `startAgain()`
    /// brings it back. For tests that must act while there is no server at all.
    public func stop() throws {
        try run("\(binaries)/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Starts the server `stop()` stopped, on the same port and with the same databases.
    public func startAgain() throws { try start() }

    /// A new empty database, as a URL for `--records`.
    public func makeDatabase(user: String = "postgres") throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try psql("postgres", "CREATE DATABASE \(name)")
        return url(database: name, user: user)
    }

    /// The URL of `database` on this server.
    public func url(database: String, user: String = "postgres") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Runs one SQL statement with psql as the superuser and returns what it printed
    /// (unaligned, tuples only).
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        let arguments = [
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U",
            "postgres", "-d", database, "-c", sql,
        ]
        let (status, output) = try PostgreSQLTestServer.shell(
            arguments.map(PostgreSQLTestServer.quote).joined(separator: " "))
        guard status == 0 else { throw Unavailable(reason: "psql failed on \(sql): \(output)") }
        return output
    }

    /// Everything `database` holds, as `pg_dump` writes it (plain SQL, data included).
    public func dump(_ database: String) throws -> String {
        let arguments = ["\(binaries)/pg_dump", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", database]
        let (status, output) = try PostgreSQLTestServer.shell(
            arguments.map(PostgreSQLTestServer.quote).joined(separator: " "))
        guard status == 0 else { throw Unavailable(reason: "pg_dump \(database) failed: \(output)") }
        return output
    }

    private static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private func command(_ executable: String, _ arguments: [String]) -> String {
        let quoted = ([executable] + arguments).map(PostgreSQLTestServer.quote).joined(separator: " ")
        return asUser.map { "runuser -u \($0) -- \(quoted)" } ?? quoted
    }

    private func run(_ executable: String, _ arguments: [String], input: String? = nil) throws {
        var line = "cd / && " + command(executable, arguments)
        if let input {
            let file = directory + "/input-" + UUID().uuidString
            try input.write(toFile: file, atomically: true, encoding: .utf8)
            line = "(\(line)) < '\(file)'; status=$?; rm -f '\(file)'; exit $status"
        }
        let (status, output) = try PostgreSQLTestServer.shell(line)
        guard status == 0 else {
            throw Unavailable(reason: "\((executable as NSString).lastPathComponent) failed (\(status)): \(output)")
        }
    }

    /// Runs a shell line, its output collected in a file rather than a pipe: a server that
    /// pg_ctl leaves running, or a child started meanwhile on another thread, could hold a
    /// pipe's write end and keep a reader waiting for ever.
    private static func shell(_ line: String) throws -> (Int32, String) {
        let file = NSTemporaryDirectory() + "runbook-pg-output-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: file) }
        // posix_spawn and waitpid, not Foundation's Process: its wait never returned here when
        // called while the shared server was being set up. SpawnSetup also keeps the server
        // from inheriting a descriptor another test's Process watches to learn its child ended.
        let script = "(\(line)) </dev/null >'\(file)' 2>&1"
        let spawned = SpawnSetup().spawn("/bin/sh", arguments: ["/bin/sh", "-c", script], environment: nil)
        guard case .success(let pid) = spawned else {
            let code = if case .failure(let error) = spawned { error.code } else { EINVAL }
            throw Unavailable(reason: "cannot start /bin/sh: error \(code)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
    }

    /// The directory of the newest installed PostgreSQL's server binaries.
    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
            .sorted()
        for version in versions.reversed() {
            let bin = "\(root)/\(version)/bin"
            if ["initdb", "pg_ctl", "postgres"].allSatisfy({
                FileManager.default.isExecutableFile(atPath: "\(bin)/\($0)")
            }) {
                return bin
            }
        }
        if let initdb = InstalledTools.onPath(["initdb"]) { return (initdb as NSString).deletingLastPathComponent }
        return nil
    }

    /// A TCP port on 127.0.0.1 nobody listens on now.
    private static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
