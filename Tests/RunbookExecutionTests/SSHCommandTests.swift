import Testing

@testable import RunbookExecution

@Suite struct SSHCommandTests {
    @Test("RUNBOOK_SSH_COMMAND splits as git splits GIT_SSH_COMMAND")
    func splitsLikeGit() throws {
        #expect(SSHCommand.split("ssh -F /tmp/my config") == ["ssh", "-F", "/tmp/my", "config"])
        #expect(
            SSHCommand.split("ssh -F '/tmp/my config' -o \"User=a b\"") == [
                "ssh", "-F", "/tmp/my config", "-o", "User=a b",
            ])
        #expect(SSHCommand.split(#"ssh -i /keys/a\ b"#) == ["ssh", "-i", "/keys/a b"])
        #expect(SSHCommand.split("ssh -F 'open") == nil)
        #expect(try SSHCommand(environment: [:]).words == ["ssh"])
        #expect(try SSHCommand(environment: ["RUNBOOK_SSH_COMMAND": "  "]).words == ["ssh"])
        #expect(throws: SSHCommandError.self) { try SSHCommand(environment: ["RUNBOOK_SSH_COMMAND": "ssh 'x"]) }
    }

    @Test("the master is ControlMaster=yes without -M, which would make it ask and refuse every session")
    func masterDoesNotAsk() {
        let ssh = SSHCommand(words: ["ssh", "-F", "cfg"])
        let master = ssh.masterArguments(destination: "backup", controlPath: "/run/x/ssh-1.socket", batchMode: true)
        #expect(master.contains("ControlMaster=yes"))
        #expect(!master.contains("-M"))
        #expect(master.contains("BatchMode=yes"))
        #expect(Array(master.suffix(2)) == ["--", "backup"])
        #expect(!master.contains { $0.contains("StrictHostKeyChecking") })
        let session = ssh.sessionArguments(
            destination: "backup", controlPath: "/run/x/ssh-1.socket", batchMode: false, command: "true")
        #expect(session.contains("ControlMaster=no") && !session.contains("BatchMode=yes"))
        #expect(Array(session.suffix(3)) == ["--", "backup", "true"])
    }
}

@Suite struct HostDestinationTests {
    @Test("a hosts: destination may name the run's variables")
    func expandsVariables() {
        let variables = ["BACKUP_HOST": "root@backup-nas", "PORT": "22"]
        #expect(RemoteSessions.expand("$BACKUP_HOST", with: variables) == "root@backup-nas")
        #expect(RemoteSessions.expand("${BACKUP_HOST}", with: variables) == "root@backup-nas")
        #expect(RemoteSessions.expand("ssh://${BACKUP_HOST}:$PORT", with: variables) == "ssh://root@backup-nas:22")
        #expect(RemoteSessions.expand("$UNKNOWN", with: variables) == "$UNKNOWN")
        #expect(RemoteSessions.expand("plain", with: variables) == "plain")
        #expect(RemoteSessions.expand("a$", with: variables) == "a$")
    }
}
