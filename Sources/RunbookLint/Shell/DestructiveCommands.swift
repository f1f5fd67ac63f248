import RunbookBytes

/// The commands lint treats as destructive: they delete, overwrite, reformat or roll back data
/// or infrastructure that a confirmation prompt should stand in front of. This table is the one
/// place RB011 and RB012 read; docs/rules/RB011.md prints it and the tests run every example.
public enum DestructiveCommands {
    /// Every row, in the order the rule page lists them.
    public static let table: [DestructiveCommand] =
        files + storage + virtualisation + kubernetes + cloud
        + configuration + databases + general

    // MARK: - Files and disks

    private static let files: [DestructiveCommand] = [
        .init(
            "Files and disks", ["rm"], "`rm` with both a recursive and a force flag",
            examples: ["rm -rf /srv/old", "rm --recursive --force build"], harmless: ["rm -f /tmp/lock", "rm -r build"]
        ) { _, arguments in
            hasFlag(arguments, short: "rR", long: ["--recursive"]) && hasFlag(arguments, short: "f", long: ["--force"])
                ? "rm -rf" : nil
        },
        .init(
            "Files and disks", ["find"], "`find … -delete` or `-exec rm`",
            examples: ["find /backups -mtime +30 -delete", "find /tmp/x -exec rm {} +"], harmless: ["find / -name core"]
        ) { _, arguments in
            arguments.contains("-delete")
                || zip(arguments, arguments.dropFirst()).contains { $0 == "-exec" && baseName($1) == "rm" }
                ? "find -delete" : nil
        },
        .init(
            "Files and disks", ["truncate"], "`truncate -s`",
            examples: ["truncate -s 0 /var/lib/app/state.db"], harmless: ["truncate --help"]
        ) { _, arguments in
            hasFlag(arguments, short: "s", long: ["--size"]) || arguments.contains { $0.hasPrefix("--size=") }
                ? "truncate" : nil
        },
        .init(
            "Files and disks", ["dd"], "`dd` writing to a block device (`of=/dev/…`)",
            examples: ["dd if=image.raw of=/dev/sdb bs=4M"], harmless: ["dd if=/dev/sda of=/backup/sda.img"]
        ) { _, arguments in
            arguments.contains { $0.hasPrefix("of=") && isDevice(String($0.dropFirst(3))) } ? "dd onto a device" : nil
        },
        .init(
            "Files and disks", ["tee"], "`tee` onto a block device",
            examples: ["tee /dev/sdb < image.raw"], harmless: ["tee /tmp/out"]
        ) { _, arguments in
            arguments.contains(where: isDevice) ? "tee onto a device" : nil
        },
        .init(
            "Files and disks", ["mkfs", "mke2fs", "mkswap"], "`mkfs`, `mkfs.*`, `mke2fs`, `mkswap`",
            examples: ["mkfs.ext4 /dev/sdb1", "mkswap /dev/sdb2"]
        ) { program, _ in program },
        .init(
            "Files and disks", ["wipefs"], "`wipefs -a` / `--all` / `-o`",
            examples: ["wipefs -a /dev/sdb"], harmless: ["wipefs /dev/sdb"]
        ) { _, arguments in
            hasFlag(arguments, short: "ao", long: ["--all", "--offset"]) ? "wipefs" : nil
        },
        .init(
            "Files and disks", ["shred", "blkdiscard"], "`shred`, `blkdiscard`",
            examples: ["blkdiscard /dev/nvme1n1", "shred -n 1 /dev/sdb"]
        ) { program, _ in program },
        .init(
            "Files and disks", ["sgdisk"], "`sgdisk --zap`, `--zap-all`, `-Z`, `-z`, `--clear`, `-o`",
            examples: ["sgdisk --zap-all /dev/sdb"], harmless: ["sgdisk -p /dev/sda"]
        ) { _, arguments in
            arguments.contains { ["--zap", "--zap-all", "-Z", "-z", "--clear", "-o"].contains($0) }
                ? "sgdisk --zap" : nil
        },
        .init(
            "Files and disks", ["parted"], "`parted … mklabel` / `rm`",
            examples: ["parted -s /dev/sdb mklabel gpt"], harmless: ["parted -l"]
        ) { _, arguments in
            arguments.contains { $0 == "mklabel" || $0 == "rm" } ? "parted mklabel/rm" : nil
        },
        .init(
            "Files and disks", ["sfdisk"], "`sfdisk --delete`",
            examples: ["sfdisk --delete /dev/sdb 2"], harmless: ["sfdisk -l /dev/sdb"]
        ) { _, arguments in
            arguments.contains("--delete") ? "sfdisk --delete" : nil
        },
        .init(
            "Files and disks", ["cryptsetup"], "`cryptsetup luksFormat` / `erase`",
            examples: ["cryptsetup luksFormat /dev/sdb1"], harmless: ["cryptsetup status root"]
        ) { _, arguments in
            verb(arguments, in: ["luksFormat", "erase", "luksErase"]).map { "cryptsetup \($0)" }
        },
    ]

    // MARK: - ZFS, LVM, RAID and other storage

    private static let storage: [DestructiveCommand] = [
        .init(
            "Storage", ["zpool"], "`zpool destroy`, `zpool labelclear`",
            examples: ["zpool labelclear -f /dev/sdb", "zpool destroy tank"], harmless: ["zpool status"]
        ) { _, arguments in
            firstPositional(arguments).flatMap { ["destroy", "labelclear"].contains($0) ? "zpool \($0)" : nil }
        },
        .init(
            "Storage", ["zfs"], "`zfs destroy`, `zfs rollback`, `zfs receive -F`",
            examples: ["zfs rollback -r tank/data@before", "zfs destroy tank/old", "zfs recv -F tank/data < snap"],
            harmless: ["zfs list", "zfs receive tank/new < snap"]
        ) { _, arguments in
            let subcommand = firstPositional(arguments) ?? ""
            if ["destroy", "rollback"].contains(subcommand) { return "zfs \(subcommand)" }
            if ["receive", "recv"].contains(subcommand), arguments.contains("-F") { return "zfs receive -F" }
            return nil
        },
        .init(
            "Storage", ["lvremove", "vgremove", "pvremove", "lvreduce"],
            "`lvremove`, `vgremove`, `pvremove`, `lvreduce`",
            examples: ["lvremove -y vg0/data", "lvreduce -L 10G vg0/data"]
        ) { program, _ in program },
        .init(
            "Storage", ["lvconvert"], "`lvconvert --merge` (rolls an origin back to its snapshot)",
            examples: ["lvconvert --merge vg0/data_snap"], harmless: ["lvconvert --type raid1 -m 1 vg0/data"]
        ) { _, arguments in
            arguments.contains("--merge") || arguments.contains("--mergesnapshot") ? "lvconvert --merge" : nil
        },
        .init(
            "Storage", ["mdadm"], "`mdadm --zero-superblock`, `mdadm --create`",
            examples: [
                "mdadm --zero-superblock /dev/sdb1",
                "mdadm --create /dev/md0 --level=1 --raid-devices=2 /dev/sdb /dev/sdc",
            ],
            harmless: ["mdadm --detail /dev/md0"]
        ) { _, arguments in
            if arguments.contains("--zero-superblock") { return "mdadm --zero-superblock" }
            return arguments.contains("--create") || arguments.contains("-C") ? "mdadm --create" : nil
        },
        .init(
            "Storage", ["btrfs"], "`btrfs subvolume delete`",
            examples: ["btrfs subvolume delete /mnt/@old"], harmless: ["btrfs subvolume list /mnt"]
        ) { _, arguments in
            positionals(arguments).starts(with: ["subvolume", "delete"]) ? "btrfs subvolume delete" : nil
        },
        .init(
            "Storage", ["ceph"], "`ceph osd pool delete`, `ceph osd purge`",
            examples: [
                "ceph osd pool delete rbd rbd --yes-i-really-really-mean-it", "ceph osd purge 7 --yes-i-really-mean-it",
            ],
            harmless: ["ceph osd pool ls"]
        ) { _, arguments in
            let words = positionals(arguments)
            if words.starts(with: ["osd", "pool", "delete"]) { return "ceph osd pool delete" }
            return words.starts(with: ["osd", "purge"]) ? "ceph osd purge" : nil
        },
        .init(
            "Storage", ["rbd"], "`rbd rm`, `rbd snap purge`",
            examples: ["rbd rm rbd/vm-100-disk-0"], harmless: ["rbd ls rbd"]
        ) { _, arguments in
            let words = positionals(arguments)
            if ["rm", "remove"].contains(words.first ?? "") { return "rbd rm" }
            return words.starts(with: ["snap", "purge"]) ? "rbd snap purge" : nil
        },
    ]

    // MARK: - Virtualisation and containers

    private static let virtualisation: [DestructiveCommand] = [
        .init(
            "Virtualisation and containers", ["qm", "pct"], "`qm`/`pct destroy`, `rollback`, `delsnapshot` (Proxmox)",
            examples: ["pct destroy 105 --purge", "qm rollback 100 before-upgrade", "qm delsnapshot 100 old"],
            harmless: ["pct start 105", "qm destroyer", "qm snapshot 100 before-upgrade"]
        ) { program, arguments in
            verb(arguments, in: ["destroy", "rollback", "delsnapshot"]).map { "\(program) \($0)" }
        },
        .init(
            "Virtualisation and containers", ["pvesm"], "`pvesm free` (Proxmox storage)",
            examples: ["pvesm free local-lvm:vm-100-disk-0"], harmless: ["pvesm status"]
        ) { _, arguments in
            firstPositional(arguments) == "free" ? "pvesm free" : nil
        },
        .init(
            "Virtualisation and containers", ["virsh"],
            "`virsh undefine`, `vol-delete`, `vol-wipe`, `pool-delete`, `snapshot-revert` (libvirt; `virsh destroy` is a forced power-off and is not listed)",
            examples: ["virsh undefine web --remove-all-storage", "virsh vol-delete web.qcow2 --pool default"],
            harmless: ["virsh destroy web", "virsh list --all"]
        ) { _, arguments in
            verb(arguments, in: ["undefine", "vol-delete", "vol-wipe", "pool-delete", "snapshot-revert"]).map {
                "virsh \($0)"
            }
        },
        .init(
            "Virtualisation and containers", ["docker", "podman"],
            "`docker`/`podman volume rm`, `volume prune`, `system prune`, `compose down -v`",
            examples: ["docker volume rm pgdata", "podman system prune -af", "docker compose down -v"],
            harmless: ["docker volume ls", "docker compose down", "docker rm -f web"]
        ) { program, arguments in
            let words = positionals(arguments)
            if words.starts(with: ["volume", "rm"]) || words.starts(with: ["volume", "prune"])
                || words.starts(with: ["system", "prune"])
            {
                return "\(program) \(words[0]) \(words[1])"
            }
            if words.first == "compose", words.contains("down"), hasFlag(arguments, short: "v", long: ["--volumes"]) {
                return "\(program) compose down -v"
            }
            return nil
        },
        .init(
            "Virtualisation and containers", ["docker-compose", "podman-compose"], "`docker-compose down -v`",
            examples: ["docker-compose down --volumes"], harmless: ["docker-compose down"]
        ) { program, arguments in
            firstPositional(arguments) == "down" && hasFlag(arguments, short: "v", long: ["--volumes"])
                ? "\(program) down -v" : nil
        },
        .init(
            "Virtualisation and containers", ["lxc", "incus"],
            "`lxc`/`incus delete`, `storage volume delete`, `restore`",
            examples: ["lxc delete web --force", "incus storage volume delete default data", "lxc restore web snap0"],
            harmless: ["lxc list", "lxc snapshot web snap0"]
        ) { program, arguments in
            let words = positionals(arguments)
            if ["delete", "restore"].contains(words.first ?? "") { return "\(program) \(words[0])" }
            return words.starts(with: ["storage", "volume", "delete"]) ? "\(program) storage volume delete" : nil
        },
        .init(
            "Virtualisation and containers", ["lxc-destroy"], "`lxc-destroy`",
            examples: ["lxc-destroy -n web"]
        ) { program, _ in program },
    ]

    // MARK: - Kubernetes

    private static let kubernetes: [DestructiveCommand] = [
        .init(
            "Kubernetes", ["kubectl", "oc"],
            "`kubectl`/`oc delete` of anything but pods (a deleted pod is recreated by its controller)",
            examples: [
                "oc delete project openshift-cnv", "kubectl delete deployment web", "kubectl delete -f manifest.yaml",
                "kubectl -n x delete pvc/data",
            ],
            harmless: [
                "kubectl delete pod web-0", "oc delete pod -l app=x", "kubectl get deployments",
                "oc delete -n \"$NS\" pod \"$POD\"",
            ]
        ) { program, arguments in
            guard let delete = arguments.firstIndex(of: "delete") else { return nil }
            let rest = Array(arguments[(delete + 1)...])
            if rest.contains(where: {
                $0 == "-f" || $0.hasPrefix("--filename") || $0 == "-k" || $0.hasPrefix("--kustomize")
            }) {
                return "\(program) delete -f"
            }
            // Names read from standard input (`… -o name | xargs oc delete`) are not known here.
            guard let resource = kubectlResource(rest) else { return nil }
            let kind = (resource.split(separator: "/").first.map(String.init) ?? resource).lowercased()
            return routineDeletions.contains(kind) ? nil : "\(program) delete \(kind)"
        },
        .init(
            "Kubernetes", ["helm"], "`helm uninstall` / `delete`",
            examples: ["helm uninstall web -n prod"], harmless: ["helm upgrade web chart/"]
        ) { _, arguments in
            verb(arguments, in: ["uninstall", "delete", "del", "un"]).map { _ in "helm uninstall" }
        },
        .init(
            "Kubernetes", ["etcdctl"], "`etcdctl del`",
            examples: ["etcdctl del --prefix /registry/old"], harmless: ["etcdctl get --prefix /registry"]
        ) { _, arguments in
            firstPositional(arguments) == "del" ? "etcdctl del" : nil
        },
    ]

    /// `kubectl` options that take a value as the next word, so the value is not read as the resource.
    private static let kubectlValueOptions: Set<String> = [
        "-n", "--namespace", "-l", "--selector", "-o", "--output", "--context", "--cluster", "--kubeconfig",
        "--field-selector",
        "--grace-period", "--timeout", "--cascade", "--as", "--user", "-s", "--server", "--token", "--wait",
    ]

    /// The first word after `delete` that is not an option or an option's value.
    private static func kubectlResource(_ words: [String]) -> String? {
        var index = 0
        while index < words.count {
            let word = words[index]
            if kubectlValueOptions.contains(word) { index += 2; continue }
            if word.hasPrefix("-") { index += 1; continue }
            return word
        }
        return nil
    }

    /// What `kubectl delete` may remove without a prompt: a controller recreates it, or it is a log.
    static let routineDeletions: Set<String> = ["pod", "pods", "po", "event", "events", "ev"]

    // MARK: - Cloud

    private static let cloud: [DestructiveCommand] = [
        .init(
            "Cloud", ["gcloud"], "`gcloud … delete`, `gcloud storage rm`",
            examples: [
                "gcloud compute instances delete web-1 --zone europe-west1-b", "gcloud storage rm -r gs://bucket/old",
            ],
            harmless: ["gcloud compute instances list"]
        ) { _, arguments in
            let words = positionals(arguments)
            if words.contains("delete") { return "gcloud … delete" }
            return words.starts(with: ["storage", "rm"]) ? "gcloud storage rm" : nil
        },
        .init(
            "Cloud", ["gsutil"], "`gsutil rm`, `gsutil rb`",
            examples: ["gsutil rm -r gs://bucket/old"], harmless: ["gsutil ls gs://bucket"]
        ) { _, arguments in
            verb(arguments, in: ["rm", "rb"]).map { "gsutil \($0)" }
        },
        .init(
            "Cloud", ["aws"], "`aws … delete-*` / `terminate-*`, `aws s3 rm` / `rb`, `aws s3 sync --delete`",
            examples: [
                "aws ec2 terminate-instances --instance-ids i-0abc",
                "aws rds delete-db-instance --db-instance-identifier db1",
                "aws s3 rm s3://bucket/old --recursive",
            ],
            harmless: ["aws ec2 describe-instances", "aws s3 ls", "aws s3 sync ./site s3://bucket"]
        ) { _, arguments in
            let words = positionals(arguments)
            if let operation = words.first(where: { $0.hasPrefix("delete-") || $0.hasPrefix("terminate-") }) {
                return "aws \(operation)"
            }
            if words.first == "s3", words.count > 1, ["rm", "rb"].contains(words[1]) { return "aws s3 \(words[1])" }
            return words.starts(with: ["s3", "sync"]) && arguments.contains("--delete") ? "aws s3 sync --delete" : nil
        },
        .init(
            "Cloud", ["az"], "`az … delete` / `purge`",
            examples: ["az group delete --name rg-test --yes"], harmless: ["az group list"]
        ) { _, arguments in
            verb(arguments, in: ["delete", "purge"]).map { "az … \($0)" }
        },
        .init(
            "Cloud", ["openstack", "doctl", "hcloud"], "`openstack`/`doctl`/`hcloud … delete`",
            examples: ["openstack server delete web-1", "hcloud server delete web-1"],
            harmless: ["openstack server list"]
        ) { program, arguments in
            positionals(arguments).contains("delete") ? "\(program) … delete" : nil
        },
        .init(
            "Cloud", ["terraform", "tofu"], "`terraform destroy`, `apply -destroy`, `state rm`, `workspace delete`",
            examples: ["terraform destroy -auto-approve", "terraform apply -destroy", "tofu state rm module.db"],
            harmless: ["terraform plan", "terraform apply"]
        ) { program, arguments in
            let words = positionals(arguments)
            if words.first == "destroy" { return "\(program) destroy" }
            if words.first == "apply", arguments.contains("-destroy") { return "\(program) apply -destroy" }
            if words.starts(with: ["state", "rm"]) { return "\(program) state rm" }
            return words.starts(with: ["workspace", "delete"]) ? "\(program) workspace delete" : nil
        },
        .init(
            "Cloud", ["pulumi"], "`pulumi destroy` / `down`, `pulumi stack rm`",
            examples: ["pulumi destroy --yes", "pulumi stack rm dev"], harmless: ["pulumi up"]
        ) { _, arguments in
            let words = positionals(arguments)
            if ["destroy", "down"].contains(words.first ?? "") { return "pulumi destroy" }
            return words.starts(with: ["stack", "rm"]) ? "pulumi stack rm" : nil
        },
        .init(
            "Cloud", ["rclone"], "`rclone purge`, `delete`, `deletefile`",
            examples: ["rclone purge remote:backups/old"], harmless: ["rclone copy a remote:b"]
        ) { _, arguments in
            verb(arguments, in: ["purge", "delete", "deletefile"]).map { "rclone \($0)" }
        },
    ]

    // MARK: - Configuration management

    private static let configuration: [DestructiveCommand] = [
        .init(
            "Configuration management", ["knife"], "`knife … delete` (nodes, clients, roles, `bulk delete`)",
            examples: ["knife node delete web-1 -y"], harmless: ["knife node list"]
        ) { _, arguments in
            positionals(arguments).contains("delete") ? "knife … delete" : nil
        },
        .init(
            "Configuration management", ["ansible"],
            "`ansible -m file -a 'state=absent'`, or a destructive command in `-a`",
            examples: [
                "ansible web -m file -a 'path=/srv/old state=absent'", "ansible all -m shell -a 'rm -rf /srv/cache'",
            ],
            harmless: ["ansible all -m ping"]
        ) { _, arguments in
            guard let flag = arguments.firstIndex(where: { $0 == "-a" || $0 == "--args" }), flag + 1 < arguments.count
            else { return nil }
            let moduleArguments = arguments[flag + 1]
            if moduleArguments.contains("state=absent") { return "ansible state=absent" }
            return nestedMatch(moduleArguments).map { "ansible -a '\($0)'" }
        },
        .init(
            "Configuration management", ["salt"],
            "`salt … file.remove` / `file.rmdir`, or a destructive command in `cmd.run`",
            examples: ["salt 'web*' file.remove /srv/old", "salt '*' cmd.run 'zfs destroy tank/old'"],
            harmless: ["salt '*' test.ping"]
        ) { _, arguments in
            if let function = arguments.first(where: { $0 == "file.remove" || $0 == "file.rmdir" }) {
                return "salt \(function)"
            }
            guard let run = arguments.firstIndex(of: "cmd.run"), run + 1 < arguments.count else { return nil }
            return nestedMatch(arguments[run + 1]).map { "salt cmd.run '\($0)'" }
        },
        .init(
            "Configuration management", ["salt-key"], "`salt-key -d` / `-D` (deletes minion keys)",
            examples: ["salt-key -d web-1 -y"], harmless: ["salt-key -L"]
        ) { _, arguments in
            hasFlag(arguments, short: "dD", long: ["--delete", "--delete-all"]) ? "salt-key --delete" : nil
        },
        .init(
            "Configuration management", ["vault"], "`vault kv delete` / `destroy` / `metadata delete`",
            examples: ["vault kv destroy -versions=3 secret/app"], harmless: ["vault kv get secret/app"]
        ) { _, arguments in
            let words = positionals(arguments)
            return words.first == "kv" && words.count > 1 && ["delete", "destroy", "metadata"].contains(words[1])
                ? "vault kv \(words[1])" : nil
        },
    ]

    // MARK: - Databases

    private static let databases: [DestructiveCommand] = [
        .init(
            "Databases", ["psql", "mysql", "mariadb", "sqlite3", "clickhouse-client", "cqlsh"],
            "SQL `DROP …`, `TRUNCATE`, or `DELETE` without `WHERE` given to `psql -c`, `mysql -e`, `sqlite3`, `clickhouse-client -q`, `cqlsh -e`",
            examples: [
                "psql -c 'TRUNCATE jobs'", "mysql -e 'DROP DATABASE app'", "sqlite3 app.db 'DELETE FROM sessions'",
            ],
            harmless: ["psql -c 'SELECT count(*) FROM jobs'", "sqlite3 app.db 'DELETE FROM sessions WHERE expired'"]
        ) { _, arguments in
            for argument in arguments {
                var text = argument
                if let equals = text.firstIndex(of: "="), text.hasPrefix("--") {
                    text = String(text[text.index(after: equals)...])
                }
                if let statement = sqlDestruction(in: text) { return statement }
            }
            return nil
        },
        .init(
            "Databases", ["mongosh", "mongo"], "`mongosh --eval` with `dropDatabase()`, `.drop()` or `deleteMany({})`",
            examples: ["mongosh app --eval 'db.dropDatabase()'"], harmless: ["mongosh app --eval 'db.stats()'"]
        ) { program, arguments in
            arguments.contains {
                $0.contains("dropDatabase(") || $0.contains(".drop(") || $0.contains("deleteMany({})")
            }
                ? "\(program) drop" : nil
        },
        .init("Databases", ["dropdb"], "`dropdb`", examples: ["dropdb app"]) { program, _ in program },
        .init(
            "Databases", ["redis-cli"], "`redis-cli flushall` / `flushdb`",
            examples: ["redis-cli -n 2 flushdb"], harmless: ["redis-cli info"]
        ) { _, arguments in
            arguments.contains { ["flushall", "flushdb"].contains($0.lowercased()) } ? "redis-cli flushall" : nil
        },
        .init(
            "Databases",
            documenting:
                "SQL `DROP TABLE`, `DROP DATABASE`, `DROP SCHEMA`, `TRUNCATE TABLE` anywhere in a step (here-documents included)",
            examples: ["echo 'DROP TABLE jobs;' | psql app"]),
    ]

    // MARK: - Any command

    private static let general: [DestructiveCommand] = [
        .init(
            "Any command", documenting: "a redirection onto a block device (`> /dev/sd*`, `/dev/nvme*`, `/dev/disk/…`)",
            examples: ["cat image.raw > /dev/sdb"]),
        .init(
            "Any command",
            documenting:
                "any of the above behind `sudo`, `env`, `timeout`, `xargs`, after `--` (`kubectl exec … -- rm -rf`) or in `ssh host '…'` / `bash -c '…'`",
            examples: ["ssh pve 'zpool destroy tank'", "sudo -u postgres dropdb app"]),
        .init("Any command", documenting: "any block marked `destructive=true`", examples: []),
    ]

    /// Rows by program name, for `match`.
    private static let rowsByProgram: [String: [DestructiveCommand]] = {
        var rows: [String: [DestructiveCommand]] = [:]
        for row in table { for program in row.programs { rows[program, default: []].append(row) } }
        return rows
    }()

    /// Describes what is destructive in a command's words (program first), or nil.
    public static func match(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        let program = baseName(first)
        // `mkfs.ext4`, `mkfs.xfs`, …: the `mkfs` row covers the family.
        guard let rows = rowsByProgram[program.hasPrefix("mkfs.") ? "mkfs" : program] else { return nil }
        let arguments = Array(words.dropFirst())
        for row in rows {
            if let what = row.match(program, arguments) { return what }
        }
        return nil
    }

    /// True when `path` names a block device (`/dev/sda`, `/dev/nvme0n1`, `/dev/disk/by-id/…`).
    public static func isDevice(_ path: String) -> Bool {
        devicePrefixes.contains { path.hasPrefix($0) }
    }

    /// Block devices: writing to one destroys what is on it.
    static let devicePrefixes = [
        "/dev/sd", "/dev/nvme", "/dev/vd", "/dev/hd", "/dev/xvd", "/dev/mmcblk", "/dev/disk/", "/dev/mapper/",
        "/dev/zvol/", "/dev/md", "/dev/dm-", "/dev/loop",
    ]

    // MARK: - SQL

    /// SQL that drops or empties tables, found anywhere in a step's text (here-documents):
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

    private static let sqlStatements: [[UInt8]] = ["drop table", "drop database", "drop schema", "truncate table"].map {
        Array($0.utf8)
    }

    /// The destructive statement in one SQL string given to a database client: `DROP <kind>`,
    /// `TRUNCATE`, or `DELETE FROM` without `WHERE`, at the start of any of its statements.
    static func sqlDestruction(in sql: String) -> String? {
        for statement in sql.split(separator: ";") {
            let words = statement.uppercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }
            switch words.first {
            case "DROP" where words.count > 1:
                return "DROP \(words[1])"
            case "TRUNCATE":
                return "TRUNCATE"
            case "DELETE" where words.count > 1 && words[1] == "FROM" && !words.contains("WHERE"):
                return "DELETE without WHERE"
            default:
                continue
            }
        }
        return nil
    }

    /// True when `what` names SQL found by `sqlDestruction`, so a step's text scan need not report it again.
    static func isSQL(_ what: String) -> Bool {
        what.hasPrefix("DROP ") || what == "TRUNCATE" || what == "DELETE without WHERE"
    }

    /// Case-insensitive search for a lower-case ASCII needle standing as whole words.
    private static func firstOffset(of needle: [UInt8], in text: [UInt8]) -> Int? {
        guard text.count >= needle.count else { return nil }
        let first = needle[0]
        var index = 0
        while index <= text.count - needle.count {
            if text[index] | 0x20 == first {
                var matched = true
                for offset in 1..<needle.count
                where text[index + offset] | (needle[offset] == ASCII.space ? 0 : 0x20) != needle[offset] {
                    matched = false
                    break
                }
                if matched {
                    let before = index == 0 ? ASCII.space : text[index - 1]
                    let after = index + needle.count == text.count ? ASCII.space : text[index + needle.count]
                    if !before.isNameCharacter, !after.isNameCharacter { return index }
                }
            }
            index += 1
        }
        return nil
    }

    // MARK: - Argument helpers

    private static func baseName(_ word: String) -> String {
        if let name = ShellWords.asciiBaseName(word) { return name }
        return word.split(separator: "/").last.map(String.init) ?? word
    }

    /// The arguments that are not options (option values are kept: callers look for verbs).
    private static func positionals(_ arguments: [String]) -> [String] {
        arguments.filter { !$0.hasPrefix("-") }
    }

    private static func firstPositional(_ arguments: [String]) -> String? {
        arguments.first { !$0.hasPrefix("-") }
    }

    /// The first argument that is one of `verbs`.
    private static func verb(_ arguments: [String], in verbs: Set<String>) -> String? {
        arguments.first { verbs.contains($0) }
    }

    /// What is destructive in a command string run by another tool (`ansible -a`, `salt cmd.run`).
    private static func nestedMatch(_ text: String) -> String? {
        for command in ShellScanner.analyze(Array(text.utf8)).commands {
            if let what = match(command.invocation.map(\.text)) { return what }
        }
        return nil
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
