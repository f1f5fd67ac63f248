import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("Front matter")
struct FrontMatterTests {
    @Test("Every documented key is read into typed values")
    func fullFrontMatter() throws {
        let runbook = try FixtureSupport.fixture("full.md")
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.id == "zfs-snapshot-backup")
        #expect(runbook.title == "ZFS snapshot backup")
        #expect(runbook.version == "3")
        #expect(runbook.category == .preventive)
        #expect(runbook.priority == .high)
        #expect(runbook.tags == ["zfs", "backup"])
        #expect(runbook.shell == "bash")
        #expect(runbook.variables.map(\.name) == ["POOL", "API_TOKEN"])
        let pool = try #require(runbook.variable(named: "POOL"))
        #expect(pool.defaultValue == "media-pool")
        #expect(pool.pattern == "^[a-z0-9_-]+$")
        #expect(pool.location == SourceLocation(file: "full.md", line: 10, column: 3))
        #expect(runbook.variable(named: "API_TOKEN")?.isSecret == true)
        #expect(runbook.prerequisites.map(\.kind) == [.manual, .shell])
        #expect(runbook.prerequisites[1].command == "command -v zfs\n")
        #expect(runbook.prerequisites[1].title == "zfs tools present")
        #expect(runbook.validation.map(\.id) == ["snapshot-exists"])
        #expect(runbook.rollback.first?.confirmation == .yesNo)
        #expect(runbook.frontMatter?.bodyStartLine == 24)
        #expect(runbook.frontMatter?.keys.map(\.name).first == "id")
    }

    @Test("Wrong types name the key and its file:line:col; unknown keys are kept")
    func typeErrors() throws {
        let runbook = try FixtureSupport.fixture("types.md")
        let messages = runbook.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.severity) \($0.code)" }
        #expect(messages.contains("3:11 error front-matter-type")) // priority: urgent
        #expect(messages.contains("8:20 error front-matter-type")) // secret: maybe
        #expect(messages.contains("8:27 warning front-matter-unknown-key")) // colour
        #expect(messages.contains("9:9 error front-matter-type")) // LIST: [1, 2]
        #expect(messages.contains("13:14 error front-matter-type")) // timeout: soon
        #expect(messages.contains("14:5 error front-matter-type")) // item without name or run
        #expect(messages.contains("15:13 error front-matter-type")) // validation: a sentence
        let priority = try #require(runbook.diagnostics.first { $0.location.line == 3 })
        #expect(priority.message.contains("'priority'"))
        #expect(priority.message.contains("critical, high, normal, low"))
        #expect(runbook.priority == .normal)
        #expect(runbook.tags == ["zfs", "backup"])
        #expect(runbook.variable(named: "POOL")?.defaultValue == "media-pool")
        #expect(runbook.variable(named: "SNAP")?.defaultValue == nil)
        #expect(runbook.frontMatter?.keys.map(\.name).contains("unknown_key") == true)
        #expect(runbook.hasErrors)
    }

    @Test("Front matter that is not YAML is a warning pointing into it")
    func invalidYAML() throws {
        let runbook = try FixtureSupport.fixture("broken.md")
        let yaml = try #require(runbook.diagnostics.first { $0.code == "front-matter-invalid" })
        #expect(yaml.severity == .warning)
        #expect(yaml.location.line >= 2 && yaml.location.line <= 4)
        #expect(runbook.frontMatter?.isValidYAML == false)
        #expect(runbook.title == "Broken on purpose")
    }

    @Test("A closing '...' ends front matter too")
    func dotsClose() {
        let runbook = FixtureSupport.parse("---\ntitle: Dots\n...\n# Body\n")
        #expect(runbook.title == "Dots")
        #expect(runbook.frontMatter?.bodyStartLine == 4)
    }

    @Test("Front matter never closed is read as Markdown, with a warning")
    func unterminated() {
        let runbook = FixtureSupport.parse("---\ntitle: Never closed\n\n# Heading\n")
        #expect(runbook.frontMatter == nil)
        #expect(runbook.diagnostics.map(\.code) == ["front-matter-unterminated"])
        #expect(runbook.title == "Heading")
    }

    @Test("A scalar or a list is not a mapping")
    func notAMapping() {
        let runbook = FixtureSupport.parse("---\n- just\n- a list\n---\n# T\n")
        #expect(runbook.diagnostics.map(\.code) == ["front-matter-invalid"])
        #expect(runbook.diagnostics.first?.location.line == 2)
    }

    @Test("Empty front matter is fine")
    func emptyFrontMatter() {
        let runbook = FixtureSupport.parse("---\n---\n# T\n")
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.frontMatter?.keys.isEmpty == true)
    }

    @Test("Variables may be a list of names or mappings")
    func variableList() {
        let runbook = FixtureSupport.parse("---\nvariables:\n  - POOL\n  - {name: SNAP, default: daily}\n---\n")
        #expect(runbook.variables.map(\.name) == ["POOL", "SNAP"])
        #expect(runbook.variables[1].defaultValue == "daily")
    }

    @Test("The id defaults to the file name and the title to the first H1")
    func defaults() {
        let runbook = FixtureSupport.parse("## Second level\n# First level\n", path: "dir/restore-drill.md")
        #expect(runbook.id == "restore-drill")
        #expect(runbook.title == "First level")
    }

    @Test("test:, contacts: and changelog: are read into typed values")
    func testContactsChangelog() throws {
        let runbook = FixtureSupport.parse(
            """
            ---
            version: 2
            test:
              vars: {POOL: testpool}
              sandbox: true
              requires: [zfs, zpool]
              check: zpool list testpool
            contacts:
              - {name: Ana Ruiz, role: storage on-call, reach: "+41 79 000 00 00", escalate-when: the pool is degraded}
              - Bo
            changelog:
              - {date: 2026-11-30, version: 2, why: prune only our own snapshots}
            ---
            # T
            """, path: "t.md")
        #expect(runbook.diagnostics.isEmpty, "\(runbook.diagnostics)")
        #expect(
            runbook.test
                == TestSettings(
                    variables: ["POOL": "testpool"], sandbox: true, requires: ["zfs", "zpool"],
                    check: "zpool list testpool"))
        #expect(
            runbook.contacts == [
                Contact(
                    name: "Ana Ruiz", role: "storage on-call", reach: "+41 79 000 00 00",
                    escalateWhen: "the pool is degraded"),
                Contact(name: "Bo"),
            ])
        #expect(runbook.changelog.map(\.version) == ["2"])
        #expect(runbook.changelog.first?.why == "prune only our own snapshots")
        #expect(runbook.changelog.first?.location.line == 12)
    }

    @Test("A misspelt test, contacts or changelog field is reported with its line")
    func badTestContactsChangelog() throws {
        let runbook = FixtureSupport.parse(
            """
            ---
            test: {sandbx: true, vars: {"A;rm -rf x": 1, OK_1: 2}}
            contacts:
              - {role: nobody}
            changelog: yesterday
            ---
            # T
            """, path: "t.md")
        let messages = runbook.diagnostics.map { "\($0.location.line): \($0.message)" }
        #expect(
            messages.contains(
                "2: The 'test' block has an unknown field 'sandbx'; known fields are vars, sandbox, requires, check and skip."
            ), "\(messages)")
        #expect(messages.contains("4: A 'contacts' entry needs a 'name'."), "\(messages)")
        #expect(
            messages.contains(
                "2: The test variable 'A;rm -rf x' is not a variable name (letters, digits and _, not starting with a digit)."
            ), "\(messages)")
        #expect(runbook.test?.variables == ["OK_1": "2"])
        #expect(
            messages.contains {
                $0.hasPrefix("5: The front matter key 'changelog' must be a list of {date, version, why} entries")
            }, "\(messages)")
    }
}

@Suite struct HostsFrontMatterTests {
    @Test("hosts: names and groups, host: default, host= on blocks and items, parallel=")
    func hostsModel() {
        let runbook = FixtureSupport.parse(
            """
            ---
            title: T
            host: pve
            hosts:
              pve: root@pve.lan
              backup: root@backup-nas
              storage: [pve, backup]
              all: ["@storage", offsite]
            validation:
              - name: replica
                run: zfs list
                host: backup
            ---
            # T

            ```bash {id=default}
            zpool status
            ```

            ```bash {id=there host=backup}
            zfs recv
            ```

            ```bash {id=fan host=@all parallel=2}
            uptime
            ```

            ```bash {id=here host=local}
            hostname
            ```
            """)
        #expect(runbook.diagnostics.isEmpty, "\(runbook.diagnostics)")
        #expect(runbook.hosts?.destination(of: "backup") == "root@backup-nas")
        #expect(runbook.hosts?.destination(of: "elsewhere") == "elsewhere")
        #expect(runbook.hostNames(of: runbook.step(named: "default")!) == ["pve"])
        #expect(runbook.hostNames(of: runbook.step(named: "there")!) == ["backup"])
        #expect(runbook.hostNames(of: runbook.step(named: "fan")!) == ["pve", "backup", "offsite"])
        #expect(runbook.step(named: "fan")!.parallelism == 2)
        #expect(runbook.hostNames(of: runbook.step(named: "here")!) == [])
        #expect(runbook.hostNames(of: runbook.validation[0]) == ["backup"])
    }

    @Test("a hosts: destination that would read as an ssh option is refused")
    func optionLikeDestination() {
        let runbook = FixtureSupport.parse("---\ntitle: T\nhosts:\n  evil: -oProxyCommand=touch\n---\n# T\n")
        #expect(runbook.hosts?.destinations["evil"] == nil)
        #expect(runbook.diagnostics.contains { $0.code == "front-matter-type" })
    }
}
