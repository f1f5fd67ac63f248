/// A runbook file that could not be read at all (missing, a directory, no permission).
public struct RunbookReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): cannot read the runbook: \(reason)." }
}
