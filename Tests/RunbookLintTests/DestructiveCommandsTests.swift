import Testing

@testable import RunbookLint

@Suite struct DestructiveCommandsTests {
    /// Every example of every row of the table is reported, so the rule page cannot promise
    /// more than the code does.
    @Test(arguments: DestructiveCommands.table.flatMap(\.examples))
    func documentedExampleIsDestructive(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011").count == 1, "\(command)")
    }

    /// Every row's look-alikes stay quiet, so a row is no broader than it says.
    @Test(arguments: DestructiveCommands.table.flatMap(\.harmless))
    func documentedHarmlessCommandIsNotDestructive(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011").isEmpty, "\(command)")
    }

    @Test func everyRowIsDocumentedWithAnExample() {
        for row in DestructiveCommands.table where !row.what.contains("destructive=true") {
            #expect(!row.examples.isEmpty, "\(row.what)")
        }
        let page = RuleDocumentation.page(for: RuleRegistry.standard.description(of: "RB011")!)
        for row in DestructiveCommands.table { #expect(page.contains(row.what), "\(row.what)") }
    }

    @Test(arguments: [
        "dd if=/dev/sda of=/backup/sda.img", "wipefs /dev/sdb", "zfs list", "zpool status", "kubectl delete pod web-0",
        "oc delete pod -l app=x", "docker volume ls", "echo 'DROP TABLEAU'", "cat /dev/sda > /dev/null", "qm destroyer",
        "tee /tmp/out", "psql -c 'SELECT 1'", "aws s3 cp a s3://b/a", "gcloud compute ssh web-1",
        "git rm -r --cached x",
    ])
    func harmlessCommandIsNotDestructive(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011").isEmpty, "\(command)")
    }

    /// The commands issue 14 found missing: each is reported by RB011 and RB012.
    @Test(arguments: [
        "gcloud compute instances delete web-1 --zone europe-west1-b",
        "aws ec2 terminate-instances --instance-ids i-0abc",
        "terraform destroy -auto-approve", "kubectl delete deployment web", "helm uninstall web -n prod",
        "knife node delete web-1 -y", "psql -c 'TRUNCATE jobs'", "mysql -e 'DROP DATABASE app'", "pulumi destroy --yes",
        "az group delete --name rg-test", "virsh undefine web --remove-all-storage", "lxc delete web --force",
        "docker compose down -v", "qm rollback 100 before-upgrade", "pvesm free local-lvm:vm-100-disk-0",
    ])
    func infrastructureDestructionIsReported(_ command: String) {
        let markdown = "---\ntitle: T\n---\n\n```bash\n\(command)\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011").count == 1, "\(command)")
        #expect(positions(lint(markdown, only: "RB012"), "RB012").count == 1, "\(command)")
    }

    @Test func matchNamesWhatIsDestructive() {
        #expect(DestructiveCommands.match(["zfs", "destroy", "-r", "tank"]) == "zfs destroy")
        #expect(DestructiveCommands.match(["/sbin/mkfs.xfs", "/dev/sdb"]) == "mkfs.xfs")
        #expect(DestructiveCommands.match(["rm", "--recursive", "--force", "x"]) == "rm -rf")
        #expect(DestructiveCommands.match(["kubectl", "-n", "x", "delete", "pvc/data"]) == "kubectl delete pvc")
        #expect(
            DestructiveCommands.sqlMatch(in: Array("psql -c 'drop database app'".utf8))?.statement == "DROP DATABASE")
    }

    @Test func pointsAtTheCommandInsideAWrapper() {
        let markdown =
            "---\ntitle: T\n---\n\n```bash\nkubectl exec db-0 -- rm -rf /var/lib/data\nssh pve 'zpool destroy tank'\n```\n"
        #expect(positions(lint(markdown, only: "RB011"), "RB011") == ["6:22", "7:9"])
    }

    @Test func frontMatterRollbackNeedsConfirmTooButNotWhenGiven() {
        let unconfirmed = "---\ntitle: T\nrollback:\n  - run: zfs rollback tank@before\n---\n"
        #expect(positions(lint(unconfirmed, only: "RB011"), "RB011") == ["4:5"])
        let confirmed = "---\ntitle: T\nrollback:\n  - run: zfs rollback tank@before\n    confirm: true\n---\n"
        #expect(positions(lint(confirmed, only: "RB011"), "RB011").isEmpty)
    }
}
