import RunbookDocument
import RunbookExecution

extension LoadedRunbook {
    /// Adds the hosts and groups of the Ansible inventory at `path` (`--inventory FILE`, read
    /// through `ansible-inventory -i FILE --list`) to the runbook's: its groups for
    /// `host=@group`, its hosts' `ansible_host`/`ansible_port`/`ansible_user` as their ssh
    /// destinations. The front matter's `hosts:` wins for a name both have. A group the runbook
    /// names that neither has stops here, before anything runs, rather than at its step.
    /// - Parameter environment: the runner's environment (its `PATH` finds `ansible-inventory`).
    public mutating func useInventory(_ path: String, environment: [String: String]) throws(InventoryError) {
        let inventory = try AnsibleInventory.load(path, environment: environment)
        let hosts = inventory.overridden(by: runbook.hosts ?? HostInventory())
        runbook.hosts = hosts
        let references = [runbook.defaultHost].compactMap { $0 } + runbook.allSteps.compactMap(\.host)
        for reference in references {
            if let group = hosts.unknownGroups(in: reference).first {
                throw InventoryError(path: path, problem: .unknownGroup(group))
            }
        }
    }
}
