/// A variable a runbook declares in its front matter.
public struct Variable: Hashable, Sendable, Codable {
    public var name: String
    public var defaultValue: String?
    public var description: String?
    /// A regular expression the whole value must match, checked before anything runs.
    public var pattern: String?
    /// A secret is never stored, printed or exported in clear: it shows as `[secret:NAME]`.
    public var isSecret: Bool
    public var location: SourceLocation

    public init(
        name: String, defaultValue: String? = nil, description: String? = nil,
        pattern: String? = nil, isSecret: Bool = false, location: SourceLocation
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.description = description
        self.pattern = pattern
        self.isSecret = isSecret
        self.location = location
    }

    private enum CodingKeys: String, CodingKey {
        case name, defaultValue = "default", description, pattern, isSecret = "secret", location
    }
}
