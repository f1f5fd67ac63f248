/// The commands lint treats as destructive: they delete, overwrite or reformat data that a
/// confirmation prompt should stand in front of. docs/rules/RB011.md lists them; the tests
/// check every entry.
public enum DestructiveCommands {
    /// The documented list: what is destructive and a command that shows it. The rule page
    /// prints this table and the tests run every example through `match`.
    public static let documented: [(rule: String, example: String)] = [
        ("`rm` with both a recursive and a force flag", "rm -rf /srv/old"),
        ("`dd` writing to a block device (`of=/dev/…`)", "dd if=image.raw of=/dev/sdb bs=4M"),
        ("`mkfs`, `mkfs.*`, `mke2fs`, `mkswap`", "mkfs.ext4 /dev/sdb1"),
        ("`wipefs -a` / `--all` / `-o`", "wipefs -a /dev/sdb"),
        ("`shred`, `blkdiscard`", "blkdiscard /dev/nvme1n1"),
        ("`zpool destroy`, `zpool labelclear`", "zpool labelclear -f /dev/sdb"),
        ("`zfs destroy`, `zfs rollback`, `zfs receive -F`", "zfs rollback -r tank/data@before"),
        ("`sgdisk --zap`, `--zap-all`, `-Z`, `-z`, `--clear`, `-o`", "sgdisk --zap-all /dev/sdb"),
        ("`parted … mklabel` / `rm`", "parted -s /dev/sdb mklabel gpt"),
        ("`pct destroy`, `qm destroy` (Proxmox)", "pct destroy 105 --purge"),
        ("`lvremove`, `vgremove`, `pvremove`", "lvremove -y vg0/data"),
        ("`cryptsetup luksFormat` / `erase`", "cryptsetup luksFormat /dev/sdb1"),
        ("`mdadm --zero-superblock`", "mdadm --zero-superblock /dev/sdb1"),
        ("`truncate -s`", "truncate -s 0 /var/lib/app/state.db"),
        ("`find … -delete` or `-exec rm`", "find /backups -mtime +30 -delete"),
        ("`kubectl`/`oc delete` of namespaces, projects, PVs, PVCs or CRDs", "oc delete project openshift-cnv"),
        ("`docker`/`podman volume rm`, `volume prune`, `system prune`", "docker volume rm pgdata"),
        ("`dropdb`, `redis-cli flushall` / `flushdb`", "redis-cli -n 2 flushdb"),
        ("`tee` onto a block device", "tee /dev/sdb < image.raw"),
        ("a redirection onto a block device (`> /dev/sd*`, `/dev/nvme*`, `/dev/disk/…`)", "cat image.raw > /dev/sdb"),
        ("SQL `DROP TABLE`, `DROP DATABASE`, `DROP SCHEMA`, `TRUNCATE TABLE` anywhere in a step", "psql -c 'DROP TABLE jobs'"),
        ("any of the above behind `sudo`, `env`, `timeout`, `xargs`, after `--` (`kubectl exec … -- rm -rf`) or in `ssh host '…'` / `bash -c '…'`", "ssh pve 'zpool destroy tank'"),
        ("any block marked `destructive=true`", "{destructive=true}"),
    ]

    /// Block devices: writing to one destroys what is on it.
    static let devicePrefixes = [
        "/dev/sd", "/dev/nvme", "/dev/vd", "/dev/hd", "/dev/xvd", "/dev/mmcblk", "/dev/disk/", "/dev/mapper/",
        "/dev/zvol/", "/dev/md", "/dev/dm-", "/dev/loop",
    ]

    /// Kubernetes/OpenShift resources whose deletion loses data; deleting a pod is routine.
    static let dataResources: Set<String> = [
        "namespace", "namespaces", "ns", "project", "projects", "pv", "pvc", "persistentvolume",
        "persistentvolumes", "persistentvolumeclaim", "persistentvolumeclaims", "crd", "crds",
        "customresourcedefinition", "customresourcedefinitions",
    ]

    /// Describes what is destructive in a command's words (program first), or nil.
    public static func match(_ words: [String]) -> String? {
        guard let program = words.first.map(baseName) else { return nil }
        let arguments = Array(words.dropFirst())
        let subcommand = arguments.first { !$0.hasPrefix("-") }
        switch program {
        case "rm":
            return hasFlag(arguments, short: "rR", long: ["--recursive"]) && hasFlag(arguments, short: "f", long: ["--force"])
                ? "rm -rf" : nil
        case "dd":
            return arguments.contains { $0.hasPrefix("of=") && isDevice(String($0.dropFirst(3))) } ? "dd onto a device" : nil
        case "mkswap", "mke2fs", "shred", "blkdiscard", "dropdb":
            return program
        case "wipefs":
            return hasFlag(arguments, short: "a", long: ["--all"]) || hasFlag(arguments, short: "o", long: ["--offset"])
                ? "wipefs" : nil
        case "zpool":
            return ["destroy", "labelclear"].contains(subcommand ?? "") ? "zpool \(subcommand!)" : nil
        case "zfs":
            if ["destroy", "rollback"].contains(subcommand ?? "") { return "zfs \(subcommand!)" }
            if ["receive", "recv"].contains(subcommand ?? ""), arguments.contains("-F") { return "zfs receive -F" }
            return nil
        case "sgdisk":
            return arguments.contains { ["--zap", "--zap-all", "-Z", "-z", "--clear", "-o"].contains($0) } ? "sgdisk --zap" : nil
        case "parted":
            return arguments.contains { $0 == "mklabel" || $0 == "rm" } ? "parted mklabel/rm" : nil
        case "pct", "qm":
            return subcommand == "destroy" ? "\(program) destroy" : nil
        case "lvremove", "vgremove", "pvremove":
            return program
        case "cryptsetup":
            return ["luksFormat", "erase", "luksErase"].contains(subcommand ?? "") ? "cryptsetup \(subcommand!)" : nil
        case "mdadm":
            return arguments.contains("--zero-superblock") ? "mdadm --zero-superblock" : nil
        case "truncate":
            return hasFlag(arguments, short: "s", long: ["--size"]) || arguments.contains { $0.hasPrefix("--size=") } ? "truncate" : nil
        case "find":
            return arguments.contains("-delete") || zip(arguments, arguments.dropFirst()).contains { $0 == "-exec" && baseName($1) == "rm" }
                ? "find -delete" : nil
        case "kubectl", "oc":
            guard let delete = arguments.firstIndex(of: "delete") else { return nil }
            let resource = arguments[(delete + 1)...].first { !$0.hasPrefix("-") } ?? ""
            let kind = resource.split(separator: "/").first.map(String.init) ?? resource
            return dataResources.contains(kind.lowercased()) ? "\(program) delete \(kind)" : nil
        case "docker", "podman":
            let rest = arguments.filter { !$0.hasPrefix("-") }
            if rest.starts(with: ["volume", "rm"]) || rest.starts(with: ["volume", "prune"]) || rest.starts(with: ["system", "prune"]) {
                return "\(program) \(rest[0]) \(rest[1])"
            }
            return nil
        case "redis-cli":
            return arguments.contains { ["flushall", "flushdb"].contains($0.lowercased()) } ? "redis-cli flushall" : nil
        case "tee":
            return arguments.contains(where: isDevice) ? "tee onto a device" : nil
        default:
            return program.hasPrefix("mkfs") ? program : nil
        }
    }

    /// True when `path` names a block device (`/dev/sda`, `/dev/nvme0n1`, `/dev/disk/by-id/…`).
    public static func isDevice(_ path: String) -> Bool {
        devicePrefixes.contains { path.hasPrefix($0) }
    }

    /// SQL that drops or empties tables, found anywhere in a step's text (psql -c, here-documents):
    /// the statement and the byte offset where it starts.
    public static func sqlMatch(in text: [UInt8]) -> (statement: String, offset: Int)? {
        var best: (String, Int)?
        for statement in sqlStatements {
            if let offset = firstOffset(of: statement, in: text), offset < (best?.1 ?? Int.max) {
                best = (String(decoding: statement, as: UTF8.self).uppercased(), offset)
            }
        }
        return best
    }

    private static let sqlStatements: [[UInt8]] = ["drop table", "drop database", "drop schema", "truncate table"].map { Array($0.utf8) }

    /// Case-insensitive search for a lower-case ASCII needle standing as whole words.
    private static func firstOffset(of needle: [UInt8], in text: [UInt8]) -> Int? {
        guard text.count >= needle.count else { return nil }
        let first = needle[0]
        var index = 0
        while index <= text.count - needle.count {
            if text[index] | 0x20 == first {
                var matched = true
                for offset in 1..<needle.count where text[index + offset] | (needle[offset] == .space ? 0 : 0x20) != needle[offset] {
                    matched = false
                    break
                }
                if matched {
                    let before = index == 0 ? UInt8.space : text[index - 1]
                    let after = index + needle.count == text.count ? UInt8.space : text[index + needle.count]
                    if !before.isNameCharacter, !after.isNameCharacter { return index }
                }
            }
            index += 1
        }
        return nil
    }

    private static func baseName(_ word: String) -> String {
        word.split(separator: "/").last.map(String.init) ?? word
    }

    /// True when an option is present as `-x`, inside a cluster such as `-rf`, or as a long option.
    private static func hasFlag(_ arguments: [String], short: String, long: Set<String>) -> Bool {
        arguments.contains { argument in
            if long.contains(argument) { return true }
            guard argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 1 else { return false }
            return argument.dropFirst().contains { short.contains($0) }
        }
    }
}
