import RunbookKit
import Testing

/// The configuration file's reader: where it is, what it holds, and a sentence with file:line
/// for everything it cannot use.
@Suite("The configuration file")
struct RunbookConfigurationTests {
    @Test("found under XDG_CONFIG_HOME, else ~/.config")
    func location() {
        #expect(
            RunbookConfiguration.path(environment: ["XDG_CONFIG_HOME": "/etc/x", "HOME": "/home/a"])
                == "/etc/x/runbook/config.yaml")
        #expect(
            RunbookConfiguration.path(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/a"])
                == "/home/a/.config/runbook/config.yaml")
    }

    @Test("records: and notify: are read; a missing file is an empty configuration")
    func reads() throws {
        let configuration = try RunbookConfiguration.parse(
            """
            records: postgresql://ops@db/runbook
            notify:
              - on: [failed]
                webhook: https://ntfy.sh/ops
                format: ntfy
            """, path: "/c/config.yaml")
        #expect(configuration.records == "postgresql://ops@db/runbook")
        #expect(configuration.notify.map(\.action) == [.webhook(url: "https://ntfy.sh/ops", format: .ntfy)])
        #expect(configuration.notify.first?.triggers == [.failed])
        let missing = try RunbookConfiguration.load(environment: ["XDG_CONFIG_HOME": "/nonexistent-\(#line)"])
        #expect(missing.notify.isEmpty && missing.records == nil)
    }

    @Test("an unknown key, a malformed entry, a file that is not a mapping: each named at its line")
    func refusals() {
        func problems(_ text: String) -> [String] {
            do {
                _ = try RunbookConfiguration.parse(text, path: "/c/config.yaml")
                return []
            } catch {
                return error.problems
            }
        }
        #expect(
            problems("recrods: /tmp/r.sqlite\n").first?.hasPrefix("/c/config.yaml:1: unknown key 'recrods'") == true)
        let entry = problems("notify:\n  - on: [failed]\n    command: true\n  - on: [failed]\n")
        #expect(entry.count == 1 && entry[0].hasPrefix("/c/config.yaml:4:"), "\(entry)")
        #expect(entry.first?.contains("needs either 'command:' or 'webhook:'") == true, "\(entry)")
        #expect(problems("- a\n- b\n").first?.contains("not a YAML mapping") == true)
        #expect(problems("records: [a, b]\n").first?.contains("'records' must be one path or URL") == true)
    }
}
