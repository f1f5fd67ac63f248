/// The hosts a runbook names in its front matter (`hosts:`): each name's ssh destination, and
/// groups of names that a block fans out to with `host=@group`.
///
/// A name that is not here may still be a `Host` in the operator's `~/.ssh/config`; ssh
/// resolves it then. `local` always means the machine runbook runs on.
public struct HostInventory: Hashable, Sendable, Codable {
    /// Name → ssh destination (`backup: root@10.0.0.2`).
    public var destinations: [String: String]
    /// Group name → the host names in it, in the order written.
    public var groups: [String: [String]]

    public init(destinations: [String: String] = [:], groups: [String: [String]] = [:]) {
        self.destinations = destinations
        self.groups = groups
    }

    public var isEmpty: Bool { destinations.isEmpty && groups.isEmpty }

    /// The name that means "run here, without ssh".
    public static let localName = "local"

    /// This inventory with `other`'s names and groups on top: where both name the same host
    /// or group, `other`'s wins (the front matter's `hosts:` over an Ansible inventory).
    public func overridden(by other: HostInventory) -> HostInventory {
        HostInventory(
            destinations: destinations.merging(other.destinations) { $1 },
            groups: groups.merging(other.groups) { $1 })
    }

    /// The groups `reference` (a `host=`/`hosts=` value) names that this inventory lacks.
    public func unknownGroups(in reference: String) -> [String] {
        reference.split(separator: ",").map { $0.trimmingWhitespace() }.filter { $0.hasPrefix("@") }
            .map { String($0.dropFirst()) }.filter { groups[$0] == nil }
    }

    /// The ssh destination for `name`: the one the front matter gives, else the name itself
    /// (ssh then reads it from the operator's config or as a host name).
    public func destination(of name: String) -> String {
        destinations[name] ?? name
    }

    /// The host names a `host=`/`hosts=` value selects, in order, each once: `a,b` lists them,
    /// `@group` expands a group (nested groups too). Unknown groups expand to nothing; lint says so.
    public func names(in reference: String) -> [String] {
        var result: [String] = []
        var visiting: Set<String> = []
        func add(_ word: Substring) {
            let name = word.trimmingWhitespace()
            guard !name.isEmpty else { return }
            if name.hasPrefix("@") {
                let group = String(name.dropFirst())
                guard !visiting.contains(group), let members = groups[group] else { return }
                visiting.insert(group)
                for member in members { add(member[...]) }
                visiting.remove(group)
            } else if !result.contains(name) {
                result.append(name)
            }
        }
        for word in reference.split(separator: ",") { add(word) }
        return result
    }
}
