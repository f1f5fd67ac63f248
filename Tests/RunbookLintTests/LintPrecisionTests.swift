import Testing

@testable import RunbookLint

/// Issue 14's lint half: findings that were missing, wrong or unhelpful on real runbooks.
@Suite struct LintPrecisionTests {
    func runbook(_ body: String, front: String = "") -> String {
        "---\ntitle: T\n\(front)---\n\n\(body)"
    }

    // MARK: RB024 placeholders

    @Test(arguments: [
        "kubectl -n <NAMESPACE> rollout restart deployment/web",
        "systemctl restart <service-name>",
        "curl -H 'Authorization: Bearer YOUR_TOKEN_HERE' https://api.example.com/",
        "gcloud config set project your-project-id",
    ])
    func placeholderInCommandIsReported(_ command: String) {
        let findings = lint(runbook("```bash\n\(command)\n```\n"), only: "RB024")
        #expect(positions(findings, "RB024").count == 1, "\(command): \(findings)")
        #expect(findings.first?.message.contains("fill in") == true)
    }

    @Test(arguments: [
        "cat <<EOF > /etc/app.xml\n<config>\n</config>\nEOF",
        "sort < input.txt > output.txt",
        "sort <input.txt >output.txt",
        "diff <(ls a) <(ls b)",
        "echo \"$TOKEN\" | wc -c",
        "printf '<b>%s</b>\\n' \"$NAME\"",
        "echo 'Events: <none>'",
    ])
    func shellSyntaxIsNotAPlaceholder(_ command: String) {
        #expect(positions(lint(runbook("```bash\n\(command)\n```\n"), only: "RB024"), "RB024").isEmpty, "\(command)")
    }

    @Test func placeholderMessageNamesTheVariableToDeclare() {
        let assigned = lint(
            runbook("```bash\nNAMESPACE='<value of namespace label from alert>'\noc get pods -n \"$NAMESPACE\"\n```\n"),
            only: "RB024")
        #expect(
            assigned.map(\.message).first?.contains("declare 'NAMESPACE' under 'variables:'") == true, "\(assigned)")
        let inline = lint(runbook("```bash\nsystemctl restart <service-name>\n```\n"), only: "RB024")
        #expect(inline.map(\.message).first?.contains("\"$SERVICE_NAME\"") == true, "\(inline)")
    }

    @Test func shellcheckIsQuietOnAPlaceholderLine() throws {
        guard let shellcheck = Shellcheck.locate() else {
            Issue.record("shellcheck is not installed, so its findings cannot be checked")
            return
        }
        let markdown = runbook("```bash\nkubectl -n <NAMESPACE> delete pod <pod-name>\nls $(pwd)\n```\n")
        let findings = lint(markdown, shellcheck: shellcheck)
        #expect(positions(findings, "RB023").allSatisfy { !$0.hasPrefix("6:") }, "\(findings)")
        #expect(
            positions(findings, "RB023").contains { $0.hasPrefix("7:") },
            "shellcheck still runs on the other lines: \(findings)")
        #expect(positions(findings, "RB024") == ["6:12", "6:35"])
    }

    // MARK: RB022 obvious examples

    @Test(arguments: [
        "export DB_PASSWORD='12345'", "export API_TOKEN=something", "mysql --password=changeme",
        "export SECRET_KEY=xxx",
        "curl -H 'Authorization: Bearer <token>' https://x", "argocd login h --username u --password newpass",
        "psql postgres://postgres:postgres@localhost/app",
    ])
    func obviousExampleCredentialIsNotReported(_ command: String) {
        #expect(positions(lint(runbook("```bash\n\(command)\n```\n"), only: "RB022"), "RB022").isEmpty, "\(command)")
    }

    @Test(arguments: [
        "export DB_PASSWORD=Xk9#mQ2vLp", "argocd login h --username admin --password GS66Sw8YrJ7bn1I-",
        "export DENO_ACCESS_TOKEN=\"ddp_6wpSbCUQbUoOEcBRC8DjmoxdrNipeu2OBKIj\"",
        "psql postgres://app:Wq83nVx02@db/app",
    ])
    func realLookingCredentialIsStillReported(_ command: String) {
        #expect(positions(lint(runbook("```bash\n\(command)\n```\n"), only: "RB022"), "RB022").count == 1, "\(command)")
    }

    // MARK: RB019 common commands

    @Test(arguments: [
        "dig +short example.com", "gcloud compute instances list", "knife node list",
        "journalctl -u nginx --since today",
        "curl -sf http://localhost:8080/health", "systemctl status nginx", "# restart it\nsystemctl restart nginx",
        "openssl s_client -connect host:443", "aws s3 ls", "nslookup example.com",
    ])
    func unlabelledShellIsRecognised(_ code: String) {
        // `owner` keeps it a runbook document: with only language-less fences and no runbook
        // key it would be a Runme document, where such a fence is a step (docs/format.md).
        #expect(
            positions(lint(runbook("```\n\(code)\n```\n", front: "owner: ops\n"), only: "RB019"), "RB019") == ["6:1"],
            "\(code)")
    }

    @Test(arguments: ["file not found", "time elapsed: 3s", "test passed", "users online: 4", "HTTP/1.1 200 OK"])
    func unlabelledOutputIsNotShell(_ code: String) {
        #expect(positions(lint(runbook("```\n\(code)\n```\n"), only: "RB019"), "RB019").isEmpty, "\(code)")
    }

    // MARK: RB025 confirm names a variable

    @Test func confirmNamingADeclaredVariableSuggestsExpandingIt() {
        let markdown = runbook(
            "```bash {confirm=POOL}\nzfs destroy -r \"$POOL/old\"\n```\n", front: "variables:\n  POOL: tank\n")
        let findings = lint(markdown, only: "RB025")
        #expect(positions(findings, "RB025") == ["7:1"])
        #expect(findings.first?.message.contains("confirm=\"$POOL\"") == true)
        let fine = runbook(
            "```bash {confirm=\"$POOL\"}\nzfs destroy -r \"$POOL/old\"\n```\n", front: "variables:\n  POOL: tank\n")
        #expect(positions(lint(fine, only: "RB025"), "RB025").isEmpty)
        let phrase = runbook(
            "```bash {confirm=DESTROY}\nzfs destroy -r \"$POOL/old\"\n```\n", front: "variables:\n  POOL: tank\n")
        #expect(positions(lint(phrase, only: "RB025"), "RB025").isEmpty)
    }

    // MARK: RB026 never-ending steps

    @Test(arguments: [
        "journalctl -fu nginx", "journalctl --follow", "tail -f /var/log/syslog", "tail -F app.log",
        "watch -n 5 zpool status",
        "kubectl logs -f deploy/web", "oc logs --follow pod/x", "docker logs -f web", "kubectl get pods -w",
        "kubectl port-forward svc/web 8080:80", "ping 10.0.0.1", "dmesg -w", "sudo journalctl -f",
        "top", "tcpdump -i eth0 port 53", "vmstat 5", "sleep infinity", "docker stats", "docker compose logs -f web",
    ])
    func neverEndingCommandIsReported(_ command: String) {
        #expect(positions(lint(runbook("```bash\n\(command)\n```\n"), only: "RB026"), "RB026").count == 1, "\(command)")
    }

    @Test(arguments: [
        "```bash {timeout=30s}\njournalctl -f\n```\n", "```bash {interactive=true}\nwatch zpool status\n```\n",
        "```bash\ntimeout 60 tail -f app.log\n```\n", "```bash\ntail -f app.log | grep -m1 ready\n```\n",
        "```bash\ntail -n 50 app.log\n```\n", "```bash\nping -c 3 10.0.0.1\n```\n",
        "```bash\nkubectl logs deploy/web\n```\n",
        "```bash\njournalctl -u nginx --since today\n```\n", "```bash\ntop -b -n 1 | head -20\n```\n",
        "```bash\nvmstat 5 3\n```\n", "```bash\ntcpdump -c 10 -i eth0\n```\n",
        "```bash\ndocker stats --no-stream\n```\n",
        "```bash\nkubectl get pods -owide\n```\n", "```bash\nkubectl port-forward svc/web 8080:80 &\n```\n",
    ])
    func endingStepIsNotReported(_ markdown: String) {
        #expect(positions(lint(runbook(markdown), only: "RB026"), "RB026").isEmpty, "\(markdown)")
    }

    // MARK: RB015 env:NAME

    @Test func secretPassedByEnvironmentNameIsUsed() {
        let markdown = runbook(
            "```bash\nopenssl enc -aes-256-cbc -pbkdf2 -pass env:KEY_PASSPHRASE -in backup.tar -out backup.tar.enc\n```\n",
            front: "variables:\n  KEY_PASSPHRASE: { secret: true }\n")
        #expect(positions(lint(markdown, only: "RB015"), "RB015").isEmpty)
        let other = runbook(
            "```bash\nrestic backup /srv --password-command 'printenv RESTIC_PASSWORD'\n```\n",
            front: "variables:\n  RESTIC_PASSWORD: { secret: true }\n")
        #expect(positions(lint(other, only: "RB015"), "RB015").isEmpty)
    }

    // MARK: RB014 and indented code blocks

    @Test func variableExportedOnlyInAnIndentedBlockSaysSuchBlocksAreNotSteps() {
        let markdown = runbook("Set the pool:\n\n    export POOL=tank\n\n```bash\nzfs list \"$POOL\"\n```\n")
        let findings = lint(markdown, only: "RB014")
        #expect(positions(findings, "RB014") == ["10:11"])
        #expect(findings.first?.message.contains("indented code block") == true, "\(findings)")
        #expect(findings.first?.message.contains("line 7") == true, "\(findings)")
    }

    @Test func indentedShellBlockIsReportedAsNotAStep() {
        let markdown = runbook("Set the pool:\n\n    export POOL=tank\n    zfs list\n")
        #expect(positions(lint(markdown, only: "RB027"), "RB027") == ["7:5"])
        let prose = runbook("Output:\n\n    NAME   USED  AVAIL\n    tank   1G    2G\n")
        #expect(positions(lint(prose, only: "RB027"), "RB027").isEmpty)
    }
}
