import Testing

@testable import RunbookLint

@Suite struct SSHConfigHostsTests {
    @Test("Host names and patterns are read; Include or Match make every name count as known")
    func readsConservatively() {
        let config = SSHConfigHosts.parse(
            """
            # a comment
            Host backup-nas pve
              HostName 10.0.0.2
            Host *.lan !router.lan
              User root
            host=quoted
            """)
        #expect(config.knows("backup-nas") && config.knows("pve") && config.knows("quoted"))
        #expect(config.knows("nas.lan"))
        #expect(!config.knows("bakup-nas"))
        #expect(!config.knows("router"))
        #expect(SSHConfigHosts.parse("Include ~/.ssh/config.d/*\n").knows("anything"))
        #expect(SSHConfigHosts.parse("Match host foo\n  User x\n").knows("anything"))
        #expect(!SSHConfigHosts.parse("").knows("anything"))
    }

    @Test("RB033 reports an unknown section host once, at the block that names it, not at each block taking it")
    func sectionHostReportedOnce() {
        let findings = lint(
            """
            ---
            title: T
            ---
            # T

            ## Backup side

            ```bash {host=bakup-nas-typo}
            zfs list
            ```

            ```bash
            zfs receive tank/replica
            ```
            """, only: "RB033")
        #expect(positions(findings, "RB033") == ["8:1"], "\(findings)")
    }
}
