/// A heading and what follows it up to the next heading of the same or a higher level.
public struct Section: Hashable, Sendable, Codable {
    /// What a heading says its section is for; subsections inherit it.
    public enum Role: String, Hashable, Sendable, Codable {
        case none
        case prerequisites
        case validation
        case rollback
    }

    public var title: String
    /// 1 for `#`, 2 for `##`, and so on.
    public var level: Int
    /// Index of the enclosing section, if any.
    public var parent: Int?
    public var role: Role
    public var location: SourceLocation

    public init(title: String, level: Int, parent: Int?, role: Role, location: SourceLocation) {
        self.title = title
        self.level = level
        self.parent = parent
        self.role = role
        self.location = location
    }
}
