/// The shared lists of command names: what every Linux host has (RB013 does not ask a
/// prerequisite to mention them), and what marks a line as a command rather than prose or
/// output (RB019 and RB027 look for it at the start of an unlabelled or indented block).
enum CommonCommands {
    /// Programs every Linux host has (shell builtins, coreutils, util-linux, procps and the like).
    static let names: Set<String> = [
        // shell builtins and keywords
        ":", ".", "[", "[[", "alias", "bg", "break", "builtin", "caller", "cd", "command", "continue",
        "declare", "dirs", "disown", "echo", "enable", "eval", "exec", "exit", "export", "false", "fc",
        "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let", "local", "logout", "mapfile",
        "popd", "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "set", "shift",
        "shopt", "source", "suspend", "test", "times", "trap", "true", "type", "typeset", "ulimit",
        "umask", "unalias", "unset", "wait", "sh", "bash",
        // coreutils, findutils, grep, sed, awk
        "awk", "gawk", "mawk", "base64", "basename", "cat", "chgrp", "chmod", "chown", "cksum", "cmp",
        "comm", "cp", "csplit", "cut", "date", "dd", "df", "diff", "dirname", "du", "egrep", "env",
        "expand", "expr", "factor", "fgrep", "find", "fmt", "fold", "grep", "groups", "head", "hostname",
        "id", "install", "join", "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo", "mknod",
        "mktemp", "mv", "nice", "nl", "nohup", "nproc", "numfmt", "od", "paste", "printenv", "readlink",
        "realpath", "rev", "rm", "rmdir", "sed", "seq", "sha1sum", "sha256sum", "sha512sum", "shuf",
        "sleep", "sort", "split", "stat", "stdbuf", "stty", "sum", "sync", "tac", "tail", "tee",
        "timeout", "touch", "tr", "truncate", "tsort", "tty", "uname", "unexpand", "uniq", "unlink",
        "uptime", "users", "wc", "who", "whoami", "xargs", "yes", "time", "which", "less", "more",
        "sudo", "su", "clear", "file", "diff3", "patch",
        // archives and compression
        "tar", "gzip", "gunzip", "zcat", "bzip2", "bunzip2", "xz", "unxz", "zip", "unzip",
        // util-linux, procps, systemd: present on every host these runbooks target
        "ps", "top", "free", "watch", "pgrep", "pkill", "kill", "killall", "mount", "umount", "lsblk",
        "blkid", "findmnt", "dmesg", "lscpu", "lsof", "uuidgen", "logger", "flock", "script", "wall",
        "systemctl", "journalctl", "hostnamectl", "timedatectl", "loginctl", "ip", "ss", "ping",
        "curl", "wget", "ssh", "scp", "rsync", "vi", "vim", "nano", "crontab", "getent", "tput",
    ]

    /// Tools operators type that not every host has: cloud and cluster CLIs, configuration
    /// management, databases, network diagnostics, package managers, storage and virtualisation.
    static let operatorTools: Set<String> = [
        "kubectl", "oc", "helm", "kustomize", "k9s", "stern", "minikube", "kind", "k3s", "crictl", "ctr", "etcdctl",
        "argocd", "flux",
        "docker", "docker-compose", "podman", "podman-compose", "buildah", "skopeo", "nerdctl",
        "gcloud", "gsutil", "bq", "aws", "az", "doctl", "hcloud", "openstack", "terraform", "tofu", "pulumi", "packer",
        "vault", "consul", "nomad",
        "ansible", "ansible-playbook", "knife", "chef-client", "salt", "salt-call", "salt-key", "puppet",
        "psql", "pg_dump", "pg_restore", "pg_basebackup", "pg_ctl", "pg_ctlcluster", "createdb", "dropdb", "mysql",
        "mysqldump", "mariadb",
        "sqlite3", "redis-cli", "mongosh", "mongo", "mongodump", "cqlsh", "clickhouse-client",
        "dig", "nslookup", "host", "traceroute", "tracepath", "mtr", "nc", "ncat", "netstat", "tcpdump", "nmap",
        "openssl", "iptables",
        "ip6tables", "nft", "ufw", "firewall-cmd", "resolvectl", "nmcli", "ethtool", "arp", "iw", "wg",
        "apt", "apt-get", "apt-cache", "dpkg", "yum", "dnf", "rpm", "zypper", "apk", "pacman", "snap", "flatpak",
        "brew", "pip", "pip3",
        "npm", "npx", "yarn", "pnpm", "go", "cargo", "make", "git", "gh", "python3", "python", "node", "ruby", "java",
        "zfs", "zpool", "lvs", "vgs", "pvs", "lvcreate", "lvextend", "lvremove", "mdadm", "smartctl", "fdisk", "sfdisk",
        "sgdisk", "parted",
        "wipefs", "mkfs", "cryptsetup", "btrfs", "xfs_repair", "fsck", "e2fsck", "resize2fs", "tune2fs", "ceph", "rbd",
        "rclone", "restic",
        "borg", "qm", "pct", "pvesm", "pvecm", "pveceph", "vzdump", "virsh", "virt-install", "lxc", "incus", "vagrant",
        "chmod", "chown", "mkdir", "cp", "mv", "rm", "ln", "cat", "ls", "cd", "grep", "sed", "awk", "tail", "head",
        "find", "tar",
        "sudo", "su", "systemctl", "journalctl", "service", "curl", "wget", "ssh", "scp", "rsync", "echo", "export",
        "jq", "yq",
        "htop", "iotop", "vmstat", "iostat", "lsof", "strace", "nginx", "apachectl", "certbot", "useradd", "usermod",
        "passwd",
    ]

    /// Names that start a command line but rarely start a line of prose or program output, for
    /// guessing whether an unlabelled block is shell. English words that are also commands
    /// (`file`, `time`, `test`, `users`, `free`, …) are left out: output often starts with them.
    static let shellEvidence: Set<String> = names.union(operatorTools).subtracting([
        ":", ".", "file", "time", "test", "users", "who", "yes", "true", "false", "help", "type", "link", "install",
        "join",
        "split", "sort", "expand", "factor", "fold", "id", "more", "less", "patch", "script", "wall", "free", "top",
        "watch",
        "kill", "sum", "set", "read", "wait", "exit", "return", "break", "continue", "local", "times", "history",
        "jobs", "hash",
        "enable", "let", "command", "builtin", "caller", "shift", "source", "groups", "nice", "alias", "date",
        "logname",
        "suspend", "logout", "dirs", "fc", "bg", "fg", "host", "go", "make", "service", "clear", "yes", "comm", "link",
        "tty",
    ])
}
