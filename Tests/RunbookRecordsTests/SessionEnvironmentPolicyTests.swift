import RunbookRecords
import Testing

@Suite struct SessionEnvironmentPolicyTests {
    @Test func variablesThatRunCodeAreNeverApplied() {
        let session = SessionSnapshot(
            workingDirectory: "/",
            exported: [
                "BASH_ENV": "/tmp/x", "ENV": "/tmp/x", "LD_PRELOAD": "/tmp/x.so", "PROMPT_COMMAND": "id",
                "SHELLOPTS": "xtrace",
                "BASHOPTS": "extdebug", "PS4": "$(id)", "BASH_FUNC_ls%%": "() { id; }", "LS": "() { id; }",
                "bad name": "1",
                "POOL": "tank", "_OK2": "yes",
            ])
        #expect(SessionEnvironmentPolicy.applicable(session).exported == ["POOL": "tank", "_OK2": "yes"])
        #expect(SessionEnvironmentPolicy.refusal(name: "POOL", value: "tank") == nil)
    }
}
