/// Someone to call about a runbook: a `contacts:` front matter entry.
public struct Contact: Hashable, Sendable, Codable {
    public var name: String
    public var role: String?
    /// How to reach them: a phone number, a chat handle, an address.
    public var reach: String?
    /// When to call them (`the restore fails twice`, `data loss suspected`).
    public var escalateWhen: String?

    public init(name: String, role: String? = nil, reach: String? = nil, escalateWhen: String? = nil) {
        self.name = name
        self.role = role
        self.reach = reach
        self.escalateWhen = escalateWhen
    }

    /// One line: `Ana Ruiz (storage on-call), +41 79 000 00 00; escalate when: pool degraded`.
    public var summary: String {
        var text = name
        if let role, !role.isEmpty { text += " (\(role))" }
        if let reach, !reach.isEmpty { text += ", \(reach)" }
        if let escalateWhen, !escalateWhen.isEmpty { text += "; escalate when: \(escalateWhen)" }
        return text
    }
}
