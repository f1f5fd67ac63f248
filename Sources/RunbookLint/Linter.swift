import RunbookDocument

/// Runs the rules over one parsed runbook and applies configuration and inline directives.
public struct Linter: Sendable {
    public var registry: RuleRegistry
    /// shellcheck to run for RB023, or nil to skip it.
    public var shellcheckPath: String?
    /// Where shellcheck's findings are kept between runs; nil runs shellcheck every time.
    public var shellcheckCache: ShellcheckCache?
    /// Hosts and groups from an Ansible inventory (`--inventory`), known to every runbook beside
    /// its own `hosts:`.
    public var inventory: HostInventory?

    public init(
        registry: RuleRegistry = .standard, shellcheckPath: String? = nil, shellcheckCache: ShellcheckCache? = nil,
        inventory: HostInventory? = nil
    ) {
        self.inventory = inventory
        self.registry = registry
        self.shellcheckPath = shellcheckPath
        self.shellcheckCache = shellcheckCache
    }

    /// The findings for `runbook`, in document order.
    public func lint(_ runbook: Runbook, configuration: LintConfiguration = .standard) -> [Finding] {
        let context = LintContext(
            runbook: runbook, shellcheckPath: shellcheckPath, shellcheckCache: shellcheckCache, inventory: inventory)
        var findings: [Finding] = []
        for rule in registry.rules {
            let description = rule.description
            guard configuration.isEnabled(description.id) else { continue }
            for violation in rule.check(context)
            where !context.directives.suppresses(description.id, at: violation.location.line) {
                findings.append(
                    Finding(
                        location: violation.location,
                        severity: configuration.severity(for: description.id) ?? violation.severity
                            ?? description.severity,
                        ruleID: description.id, ruleAlias: description.alias, message: violation.message))
            }
        }
        findings.sort()
        return findings
    }
}
