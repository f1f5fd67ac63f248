/// Programs every Linux host has (shell builtins, coreutils, util-linux, procps and the like).
/// `undeclared-tool` (RB013) does not ask a prerequisite to mention them.
enum CommonCommands {
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
}
