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
}
