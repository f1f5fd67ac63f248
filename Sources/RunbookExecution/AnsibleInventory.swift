import Foundation
import RunbookDocument
import RunbookSpawn

#if canImport(Glibc)
import Glibc
#endif

/// Hosts and groups from an Ansible inventory, as `ansible-inventory -i FILE --list` prints
/// them: every group with its `hosts` and `children` (a child group's hosts are the group's
/// too), and each host's `ansible_host`, `ansible_port` and `ansible_user` (from
/// `_meta.hostvars`) as its ssh destination. Ansible itself reads the file, so every inventory
/// format and plugin it knows works.
public enum AnsibleInventory {
    /// How long `ansible-inventory` may take (a dynamic inventory asks a cloud API).
    static let deadline = 120.0

    /// Runs `ansible-inventory -i path --list` and reads its answer.
    /// - Parameter environment: the runner's environment (its `PATH` finds the tool).
    public static func load(_ path: String, environment: [String: String]) throws(InventoryError) -> HostInventory {
        // ansible-inventory reads a missing file as an empty inventory, with a warning.
        guard FileManager.default.fileExists(atPath: path) else {
            throw InventoryError(path: path, problem: .noSuchFile)
        }
        var environment = environment
        // An inventory ansible cannot parse is an error, not an empty inventory with a warning.
        if environment["ANSIBLE_INVENTORY_UNPARSED_FAILED"] == nil {
            environment["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "true"
        }
        let output = try run(["ansible-inventory", "-i", path, "--list"], path: path, environment: environment)
        return try parse(output, path: path)
    }

    /// Reads `ansible-inventory --list` JSON.
    public static func parse(_ bytes: [UInt8], path: String) throws(InventoryError) -> HostInventory {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let top = object as? [String: Any]
        else {
            throw InventoryError(path: path, problem: .unreadableJSON)
        }
        var inventory = HostInventory()
        let meta = top["_meta"] as? [String: Any]
        let variables = meta?["hostvars"] as? [String: Any] ?? [:]
        for (name, value) in top where name != "_meta" {
            guard let group = value as? [String: Any] else { continue }
            let hosts = group["hosts"] as? [String] ?? []
            let children = group["children"] as? [String] ?? []
            inventory.groups[name] = hosts + children.map { "@" + $0 }
        }
        for (name, value) in variables {
            guard let vars = value as? [String: Any], let destination = destination(of: name, vars) else { continue }
            inventory.destinations[name] = destination
        }
        return inventory
    }

    /// `[user@]host`, or `ssh://[user@]host:port` when the inventory names a port; nil when
    /// it says nothing ssh would not know from the name.
    static func destination(of name: String, _ variables: [String: Any]) -> String? {
        func text(_ key: String) -> String? {
            switch variables[key] {
            case let value as String where !value.isEmpty: value
            case let value as NSNumber: value.stringValue
            default: nil
            }
        }
        let user = text("ansible_user") ?? text("ansible_ssh_user")
        let port = text("ansible_port") ?? text("ansible_ssh_port")
        let host = text("ansible_host") ?? text("ansible_ssh_host")
        guard user != nil || port != nil || host != nil else { return nil }
        var address = host ?? name
        let prefix = user.map { $0 + "@" } ?? ""
        guard let port else { return prefix + address }
        if address.contains(":") { address = "[\(address)]" }
        return "ssh://\(prefix)\(address):\(port)"
    }

    /// The tool's stdout; its stderr's last line says why when it fails.
    private static func run(_ arguments: [String], path: String, environment: [String: String])
        throws(InventoryError) -> [UInt8]
    {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw InventoryError(path: path, problem: .notStarted(errno)) }
        guard pipe(&errPipe) == 0 else {
            _ = close(outPipe[0])
            _ = close(outPipe[1])
            throw InventoryError(path: path, problem: .notStarted(errno))
        }
        // Only the child's copies (dup2 clears the flag) outlive the spawn: nothing else runbook
        // starts meanwhile holds the pipes open.
        for descriptor in outPipe + errPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        let setup = SpawnSetup()
        setup.newProcessGroup()
        setup.open("/dev/null", as: 0, mode: O_RDONLY)
        setup.duplicate(outPipe[1], to: 1)
        setup.duplicate(errPipe[1], to: 2)
        // Looked up on the runner's PATH (posix_spawnp would search this process's own).
        let search = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let executable = search.split(separator: ":").map { "\($0)/\(arguments[0])" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let executable else {
            for descriptor in outPipe + errPipe { _ = close(descriptor) }
            throw InventoryError(path: path, problem: .toolMissing)
        }
        let spawned = setup.spawn(
            executable, arguments: arguments, environment: environment.map { "\($0.key)=\($0.value)" })
        _ = close(outPipe[1])
        _ = close(errPipe[1])
        defer {
            _ = close(outPipe[0])
            _ = close(errPipe[0])
        }
        let pid: pid_t
        switch spawned {
        case .success(let child): pid = child
        case .failure(let failure):
            throw InventoryError(path: path, problem: failure.code == ENOENT ? .toolMissing : .notStarted(failure.code))
        }
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var open = [outPipe[0], errPipe[0]]
        let end = Clock.now() + deadline
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let left = end - Clock.now()
            if left <= 0 {
                _ = kill(-pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                throw InventoryError(path: path, problem: .timedOut(deadline))
            }
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&polled, nfds_t(polled.count), Int32(min(left, 1) * 1000)) < 0, errno != EINTR { break }
            for entry in polled where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outPipe[0] {
                        output.append(contentsOf: buffer[..<count])
                    } else {
                        errors.append(contentsOf: buffer[..<count])
                    }
                } else if count == 0 || errno != EINTR {
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            let said = String(decoding: errors, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
            throw InventoryError(
                path: path,
                problem: .failed(
                    status: exited ? "exit status \(code)" : "signal \(status & 0x7f)",
                    said: said.map { TerminalText.visible(String($0)) }))
        }
        return output
    }
}
