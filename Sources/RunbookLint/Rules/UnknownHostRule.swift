import Foundation
import RunbookDocument

/// RB033: a `host=` (or `host:`) names a host or group that is defined nowhere.
struct UnknownHostRule: Rule {
    static let description = RuleDescription(
        id: "RB033", alias: "unknown-host", tags: ["hosts", "correctness"], severity: .error,
        summary:
            "A step's host is not in the front matter's hosts:, the --inventory given, nor a Host in ~/.ssh/config.",
        rationale: """
            A step with `host=NAME` runs over ssh on that host. The name resolves through the front \
            matter's `hosts:` map, then an Ansible inventory given with `--inventory`, then the \
            operator's `~/.ssh/config`; a group (`host=@NAME`) only through `hosts:` or the inventory. A name found in neither is usually a typo, and the run would stop at \
            that step with ssh's "Could not resolve hostname", halfway through the procedure. \
            (A config with `Include` or `Match` is not followed: every name counts as known then.)
            """,
        fix:
            "Add the name to the front matter (`hosts: {backup: root@10.0.0.2}`), or as a `Host` block in ~/.ssh/config; for a group, list its hosts under `hosts:`.",
        triggering: [
            .init(
                "---\ntitle: T\nhosts:\n  backup: root@10.0.0.2\n---\n\n```bash {host=bakup}\nzfs list\n```\n",
                line: 7, column: 1),
            .init("---\ntitle: T\n---\n\n```bash {host=@storage}\nzpool status\n```\n", line: 5, column: 1),
        ],
        nonTriggering: [
            .init(
                "---\ntitle: T\nhosts:\n  backup: root@10.0.0.2\n  storage: [backup]\n---\n\n```bash {host=backup}\nzfs list\n```\n\n```bash {host=@storage}\nzpool status\n```\n\n```bash {host=local}\nhostname\n```\n"
            )
        ])

    var description: RuleDescription { Self.description }

    /// The operator's ssh config, read once per process.
    private static let sshConfig = SSHConfigHosts.forCurrentUser()

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        // The front matter's `hosts:` wins over the inventory, as when the runbook runs.
        let inventory = (context.inventory ?? HostInventory()).overridden(by: runbook.hosts ?? HostInventory())
        let inventoryToo = context.inventory == nil ? "" : " nor the inventory's"
        var violations: [Violation] = []
        func check(_ reference: String, at location: SourceLocation) {
            for word in reference.split(separator: ",") {
                let name = word.trimmingCharacters(in: .whitespaces)
                if name.isEmpty || name == HostInventory.localName { continue }
                if name.hasPrefix("@") {
                    let group = String(name.dropFirst())
                    if inventory.groups[group] == nil {
                        violations.append(
                            Violation(
                                at: location,
                                "The host group '\(group)' is not defined\(context.inventory == nil ? "" : " in the inventory nor the front matter"): list its hosts under 'hosts:' in the front matter (\(group): [a, b])."
                            ))
                    }
                } else if inventory.destinations[name] == nil, inventory.groups[name] == nil,
                    !Self.sshConfig.knows(name)
                {
                    violations.append(
                        Violation(
                            at: location,
                            "The host '\(name)' is neither in the front matter's 'hosts:'\(inventoryToo) nor a Host in ~/.ssh/config, so ssh may not find it."
                        ))
                }
            }
        }
        if let host = runbook.defaultHost {
            check(host, at: runbook.frontMatter?.location(ofKey: "host") ?? SourceLocation(file: runbook.path, line: 1))
        }
        for step in runbook.allSteps {
            // A block that takes its section's host is reported once, at the block that named it.
            let named = step.block.map { $0.attributes["host"] ?? $0.attributes["hosts"] } ?? step.host
            if let host = named { check(host, at: step.location) }
        }
        return violations
    }
}
