import Foundation
import Testing

/// A homelab on Debian's `zfs-fuse`: file-backed pools named as the homelab's (`media-pool` a
/// mirror, `service-pool`, `staging-pool`) plus the backup host's `backup-pool`, a real `sshd`
/// on 127.0.0.1 standing in for `root@backup-nas`, and fake `pct`, `qm`, `pvesm` and `smartctl`
/// (Proxmox and disks cannot exist here). Runbooks run with `--without openzfs`, so the steps
/// that need OpenZFS-only features are skipped with that reason.
///
/// The pools have fixed names, so the suites using this run serialized and one at a time.
final class ZFSSandbox {
    static let pools = ["media-pool", "service-pool", "staging-pool", "backup-pool"]

    /// Why the sandbox cannot run here, or nil when it can.
    static let unavailableReason: String? = {
        for tool in [
            "/usr/sbin/zpool", "/usr/sbin/zfs", "/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/pv",
            "/usr/bin/rsync",
        ]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is missing (apt-get install zfs-fuse openssh-server pv rsync)"
        }
        if !FileManager.default.fileExists(atPath: "/dev/fuse") { return "/dev/fuse is missing: zfs-fuse needs FUSE" }
        if geteuid() != 0 { return "zfs-fuse pools need root" }
        if (try? shell("zpool list -H -o name"))?.status != 0 {
            return "the zfs-fuse daemon is not running (start it as root with 'zfs-fuse'; .ci/run does)"
        }
        let taken = (try? shell("zpool list -H -o name").stdout) ?? ""
        for pool in pools where taken.split(separator: "\n").contains(Substring(pool)) {
            if (try? shell("zpool status \(pool) | grep -q runbook-zfs-"))?.status != 0 {
                return "a pool named \(pool) that is not a sandbox's already exists on this host"
            }
        }
        return nil
    }()

    let cli = try! CLISandbox()
    var directory: String { cli.directory }
    private var sshdPIDFile: String?
    /// Held for the sandbox's life: test runs of other checkouts on this host wait for it, since
    /// the pools' names are fixed.
    private let lock: Int32

    init() throws {
        lock = open("/tmp/runbook-zfs-sandbox.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if lock >= 0 { _ = flock(lock, LOCK_EX) }
        // Under the lock, sandbox pools still imported were left by a killed test run.
        for pool in Self.pools {
            _ = try Self.shell("zpool status \(pool) 2>/dev/null | grep -q runbook-zfs- && zpool destroy -f \(pool)")
        }
        let root = directory
        try Self.must(
            """
            mkdir -p "\(root)/vdev" "\(root)/mnt" "\(root)/bin" "\(root)/ssh" "\(root)/pve/lxc" "\(root)/pve/qemu-server"
            v="\(root)/vdev"
            cd "$v"
            truncate -s 100M runbook-zfs-media-a runbook-zfs-media-b runbook-zfs-service runbook-zfs-staging
            truncate -s 200M runbook-zfs-backup
            zpool create -m "\(root)/mnt/media-pool" media-pool mirror "$v/runbook-zfs-media-a" "$v/runbook-zfs-media-b"
            zpool create -m "\(root)/mnt/service-pool" service-pool "$v/runbook-zfs-service"
            zpool create -m "\(root)/mnt/staging-pool" staging-pool "$v/runbook-zfs-staging"
            zpool create -m "\(root)/mnt/backup-pool" backup-pool "$v/runbook-zfs-backup"
            for p in media-pool service-pool staging-pool backup-pool; do zpool set failmode=continue "$p"; done
            """)
        try startSSH()
        try writeFakes()
    }

    deinit {
        stopSSH()
        defer { if lock >= 0 { close(lock) } }
        // zfs-fuse can call a pool busy for a moment after its last user went away.
        for pool in Self.pools {
            _ = try? Self.shell(
                """
                for attempt in 1 2 3 4 5 6 7 8 9 10; do
                  zpool list \(pool) >/dev/null 2>&1 || exit 0
                  zpool status \(pool) | grep -q runbook-zfs- || exit 0
                  zpool destroy -f \(pool) 2>/dev/null && exit 0
                  sleep 0.5
                done
                """)
        }
    }

    /// `runbook run --auto --yes --without openzfs BOOK --var …` with the sandbox's tools first
    /// on PATH.
    func run(_ book: String, _ variables: [String: String] = [:], extra: [String] = []) throws -> CLISandbox.Result {
        var arguments = [
            "run", "--auto", "--yes", "--allow-destructive", "--without", "openzfs",
            CLISandbox.repositoryPath("runbooks/homelab/\(book).md"),
        ]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { arguments += ["--var", "\(name)=\(value)"] }
        return try cli.run(arguments + extra, environment: environment)
    }

    /// Records commands over the sandbox's records file (`show`, `log`, `export`, …).
    func runbook(_ arguments: [String]) throws -> CLISandbox.Result {
        try cli.run(arguments, environment: environment)
    }

    var environment: [String: String] {
        [
            "PATH": directory + "/bin:"
                + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"),
            "PVE_FAKE_DIR": directory + "/pve", "HOME": directory, "NO_COLOR": "1",
        ]
    }

    /// Mount point of a pool or dataset in the sandbox.
    func path(_ dataset: String) -> String { directory + "/mnt/" + dataset }

    /// Runs `script` with bash; throws when it fails.
    @discardableResult
    func sh(_ script: String) throws -> String {
        try Self.must(script, environment: environment).stdout
    }

    struct ShellResult { var status: Int32; var stdout: String; var stderr: String }

    static func shell(_ script: String, environment: [String: String] = [:]) throws -> ShellResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -euo pipefail\n" + script]
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        // Files, not pipes: a daemon the script starts must not keep the caller reading forever.
        let base = NSTemporaryDirectory() + "/runbook-zfs-shell-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stdout = FileManager.default.contents(atPath: base + ".out") ?? Data()
        let stderr = FileManager.default.contents(atPath: base + ".err") ?? Data()
        return ShellResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    struct ShellFailure: Error, CustomStringConvertible {
        var script: String
        var result: ShellResult
        var description: String {
            "sandbox command failed (\(result.status)): \(script)\n\(result.stdout)\n\(result.stderr)"
        }
    }

    @discardableResult
    static func must(_ script: String, environment: [String: String] = [:]) throws -> ShellResult {
        let result = try shell(script, environment: environment)
        guard result.status == 0 else { throw ShellFailure(script: script, result: result) }
        return result
    }

    /// A real sshd on a free port of 127.0.0.1 with keys made for this sandbox; `ssh` in the
    /// sandbox's bin reads a config that sends `backup-nas` there.
    private func startSSH() throws {
        let ssh = directory + "/ssh"
        try Self.must(
            """
            mkdir -p /run/sshd
            ssh-keygen -q -t ed25519 -N '' -f "\(ssh)/host_key"
            ssh-keygen -q -t ed25519 -N '' -f "\(ssh)/client_key"
            cp "\(ssh)/client_key.pub" "\(ssh)/authorized_keys"
            chmod 600 "\(ssh)/authorized_keys"
            """)
        // Up to three tries, each on a fresh port: a port found free can be taken by another
        // test's server before sshd binds it. sshd's own log says why a try failed.
        var lastFailure: ShellFailure?
        for _ in 0..<3 {
            let port = try freePort()
            try writeSSHConfiguration(port: port)
            try executable("ssh", "#!/bin/sh\nexec /usr/bin/ssh -F '\(ssh)/config' \"$@\"\n")
            // sshd daemonizes itself (closing every inherited descriptor) and writes its pid file.
            let started = try Self.shell("/usr/sbin/sshd -f '\(ssh)/sshd_config' -E '\(ssh)/sshd.log'")
            sshdPIDFile = ssh + "/sshd.pid"
            if started.status == 0 {
                for _ in 0..<50 {
                    if try Self.shell("ssh -o BatchMode=yes root@backup-nas true", environment: environment).status == 0
                    {
                        return
                    }
                    usleep(100_000)
                }
            }
            var result = try Self.shell("ssh -o BatchMode=yes root@backup-nas true", environment: environment)
            let log = (try? String(contentsOfFile: ssh + "/sshd.log", encoding: .utf8)) ?? "(no sshd log)"
            result.stderr += "\nsshd -f … exit \(started.status): \(started.stderr)\nsshd log:\n" + log
            lastFailure = ShellFailure(script: "ssh root@backup-nas true (port \(port))", result: result)
            stopSSH()
        }
        throw lastFailure!
    }

    /// Ends the sandbox's sshd, if its pid file names one.
    private func stopSSH() {
        if let sshdPIDFile, let text = try? String(contentsOfFile: sshdPIDFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        {
            kill(pid, SIGTERM)
        }
    }

    private func writeSSHConfiguration(port: Int) throws {
        let ssh = directory + "/ssh"
        try """
        Port \(port)
        ListenAddress 127.0.0.1
        HostKey \(ssh)/host_key
        AuthorizedKeysFile \(ssh)/authorized_keys
        PidFile \(ssh)/sshd.pid
        StrictModes no
        PermitRootLogin prohibit-password
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        UsePAM no
        UseDNS no
        SetEnv PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        """.write(toFile: ssh + "/sshd_config", atomically: true, encoding: .utf8)
        try """
        Host backup-nas
          HostName 127.0.0.1
          Port \(port)
          IdentityFile \(ssh)/client_key
          IdentitiesOnly yes
          StrictHostKeyChecking no
          UserKnownHostsFile /dev/null
          LogLevel ERROR
          KexAlgorithms curve25519-sha256
          GSSAPIAuthentication no
        """.write(toFile: ssh + "/config", atomically: true, encoding: .utf8)
    }

    private func freePort() throws -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20_000..<60_000)
            if try Self.shell("! (exec 3<>/dev/tcp/127.0.0.1/\(port)) 2>/dev/null").status == 0 { return port }
        }
        return 2222
    }

    private func executable(_ name: String, _ text: String) throws {
        let path = directory + "/bin/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
    }

    /// Proxmox and SMART cannot exist here: these answer from files under `pve/` and log every
    /// call to `pve/calls.log`, so tests can check what the runbooks asked for and in what order.
    private func writeFakes() throws {
        let log = "echo \"$(basename \"$0\") $*\" >> \"$PVE_FAKE_DIR/calls.log\"\n"
        let snapshot = #"""
            guest_snapshot() {  # as Proxmox does: every ZFS disk of the guest, same name
              sed -n 's/^\(rootfs\|mp[0-9]*\|scsi[0-9]*\|virtio[0-9]*\|sata[0-9]*\): *\([a-z0-9_-]*\):\([^,]*\).*/\2\/\3/p' "$1" \
                | while IFS= read -r ds; do zfs snapshot "$ds@$2"; done
            }

            """#
        try executable(
            "pct",
            """
            #!/bin/bash
            \(log)\(snapshot)case "$1" in
              list) echo "VMID       Status     Lock         Name"; for f in "$PVE_FAKE_DIR"/lxc/*.conf; do [ -e "$f" ] || continue; id="$(basename "$f" .conf)"; printf '%-10s %-10s %-12s ct%s\\n' "$id" "$(cat "$PVE_FAKE_DIR/lxc/$id.state" 2>/dev/null || echo running)" "" "$id"; done ;;
              config) cat "$PVE_FAKE_DIR/lxc/$2.conf" ;;
              snapshot) guest_snapshot "$PVE_FAKE_DIR/lxc/$2.conf" "$3" ;;
              exec) case "$4 $5" in "id -u"|"id -g") echo 999 ;; *) exit 1 ;; esac ;;
              status) echo "status: $(cat "$PVE_FAKE_DIR/lxc/$2.state" 2>/dev/null || echo running)" ;;
              stop|shutdown) echo stopped > "$PVE_FAKE_DIR/lxc/$2.state" ;;
              start) echo running > "$PVE_FAKE_DIR/lxc/$2.state" ;;
              *) ;;
            esac

            """)
        try executable(
            "qm",
            """
            #!/bin/bash
            \(log)\(snapshot)case "$1" in
              list) echo "      VMID NAME                 STATUS"; for f in "$PVE_FAKE_DIR"/qemu-server/*.conf; do [ -e "$f" ] || continue; id="$(basename "$f" .conf)"; printf '%10s vm%-18s %s\\n' "$id" "$id" "$(cat "$PVE_FAKE_DIR/qemu-server/$id.state" 2>/dev/null || echo running)"; done ;;
              config) cat "$PVE_FAKE_DIR/qemu-server/$2.conf" ;;
              snapshot) guest_snapshot "$PVE_FAKE_DIR/qemu-server/$2.conf" "$3" ;;
              status) echo "status: $(cat "$PVE_FAKE_DIR/qemu-server/$2.state" 2>/dev/null || echo running)" ;;
              stop|shutdown) echo stopped > "$PVE_FAKE_DIR/qemu-server/$2.state" ;;
              start) echo running > "$PVE_FAKE_DIR/qemu-server/$2.state" ;;
              *) ;;
            esac

            """)
        try executable(
            "pvesm",
            """
            #!/bin/bash
            \(log)case "$1" in
              status) echo "Name  Type  Status  Total  Used  Available  %"; for s in media-pool service-pool; do echo "$s zfspool $( [ -e "$PVE_FAKE_DIR/$s.disabled" ] && echo disabled || echo active ) 0 0 0 0%"; done ;;
              set) storage="$2"; shift 2; if [ "$*" = "--disable 1" ]; then touch "$PVE_FAKE_DIR/$storage.disabled"; elif [ "$*" = "--disable 0" ]; then rm -f "$PVE_FAKE_DIR/$storage.disabled"; fi ;;
              *) ;;
            esac

            """)
        try executable(
            "smartctl",
            """
            #!/bin/bash
            \(log)echo "SMART overall-health self-assessment test result: PASSED"
            echo "  5 Reallocated_Sector_Ct   0x0033   100   100   010    Pre-fail  Always       -       0"
            echo "197 Current_Pending_Sector  0x0012   100   100   000    Old_age   Always       -       0"
            echo "198 Offline_Uncorrectable   0x0010   100   100   000    Old_age   Offline      -       0"

            """)
    }
}
