/// The configuration file is there but cannot be used as it is.
public struct RunbookConfigurationError: Error, Sendable, CustomStringConvertible {
    public var path: String
    /// One sentence per problem, each starting with file:line.
    public var problems: [String]

    public init(path: String, problems: [String]) {
        self.path = path
        self.problems = problems
    }

    public var description: String {
        "the configuration file \(path) cannot be used; fix it or move it away:\n"
            + problems.map { "  " + $0 }.joined(separator: "\n")
    }
}
