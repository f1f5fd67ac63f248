/// What kind of procedure a runbook is, after the seed's three workflow categories.
public enum Category: String, Hashable, Sendable, Codable, CaseIterable {
    case preventive
    case operational
    case recovery
}

/// Emergency ordering: in a crisis the most critical procedure is listed first.
public enum Priority: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case critical
    case high
    case normal
    case low

    /// 0 for critical, growing as urgency falls, so sorting ascending puts critical first.
    public var rank: Int { Priority.allCases.firstIndex(of: self)! }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
