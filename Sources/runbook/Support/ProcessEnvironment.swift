import Foundation

/// The few environment variables a command start needs, read one by one: Foundation's
/// `ProcessInfo.environment` builds a dictionary of the whole environment on every call,
/// which cost a records command more than reading its first hundred events.
enum ProcessEnvironment {
    /// The variables among `names` that are set, with their values as `ProcessInfo` gives them.
    static func values(_ names: [String]) -> [String: String] {
        var values: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { values[name] = String(cString: value) }
        }
        return values
    }
}
