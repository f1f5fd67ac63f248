/// A configuration file that cannot be used; lint stops rather than run with a config the
/// author did not mean.
public struct LintConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
