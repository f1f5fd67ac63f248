import Testing
@testable import RunbookLint

@Suite struct DestructiveCommandsTests {
    /// Every documented entry's example is recognised, so the rule page cannot promise more
    /// than the code does.
    @Test(arguments: DestructiveCommands.documented.map(\.example).filter { !$0.hasPrefix("{") })
    func documentedExampleIsDestructive(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(!positions(lint(markdown, only: "RB011"), "RB011").isEmpty, "\(command)")
    }

    @Test(arguments: [
        "rm -f /tmp/lock", "rm -r build", "dd if=/dev/sda of=/backup/sda.img", "wipefs /dev/sdb", "zfs list",
        "zpool status", "kubectl delete pod web-0", "oc delete pod -l app=x", "docker volume ls", "sgdisk -p /dev/sda",
        "truncate --help", "find / -name core", "echo 'DROP TABLEAU'", "cat /dev/sda > /dev/null", "pct start 105",
        "qm destroyer", "tee /tmp/out",
    ])
    func harmlessCommandIsNotDestructive(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011").isEmpty, "\(command)")
    }

    @Test func matchNamesWhatIsDestructive() {
        #expect(DestructiveCommands.match(["zfs", "destroy", "-r", "tank"]) == "zfs destroy")
        #expect(DestructiveCommands.match(["/sbin/mkfs.xfs", "/dev/sdb"]) == "mkfs.xfs")
        #expect(DestructiveCommands.match(["rm", "--recursive", "--force", "x"]) == "rm -rf")
        #expect(DestructiveCommands.match(["kubectl", "-n", "x", "delete", "pvc/data"]) == "kubectl delete pvc")
        #expect(DestructiveCommands.sqlMatch(in: Array("psql -c 'drop database app'".utf8))?.statement == "DROP DATABASE")
    }

    @Test func pointsAtTheCommandInsideAWrapper() {
        let markdown = "---\ntitle: T\n---\n\n```bash\nkubectl exec db-0 -- rm -rf /var/lib/data\nssh pve 'zpool destroy tank'\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011") == ["6:22", "7:9"])
    }

    @Test func frontMatterRollbackNeedsConfirmTooButNotWhenGiven() {
        let unconfirmed = "---\ntitle: T\nrollback:\n  - run: zfs rollback tank@before\n---\n"
        #expect(positions(lint(unconfirmed, only: "RB011"), "RB011") == ["4:5"])
        let confirmed = "---\ntitle: T\nrollback:\n  - run: zfs rollback tank@before\n    confirm: true\n---\n"
        #expect(positions(lint(confirmed, only: "RB011"), "RB011").isEmpty)
    }
}
