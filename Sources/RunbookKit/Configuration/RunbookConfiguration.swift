import Foundation
import RunbookDocument
import RunbookParsing
import Yams

/// The user's configuration file, `$XDG_CONFIG_HOME/runbook/config.yaml` (else
/// `~/.config/runbook/config.yaml`): a YAML mapping whose keys hold settings for every run —
/// `notify:` (the same list as in front matter, told about every runbook's runs) and
/// `records:` (where the records are, read by `RecordsLocation`). A missing file is an empty
/// configuration.
public struct RunbookConfiguration: Sendable {
    /// The file read (whether or not it exists).
    public var path: String
    public var records: String?
    public var notify: [NotificationTarget] = []

    public init(path: String, records: String? = nil, notify: [NotificationTarget] = []) {
        self.path = path
        self.records = records
        self.notify = notify
    }

    /// Keys the file may hold; others are refused, as a typo there would silently do nothing.
    static let knownKeys: Set<String> = ["notify", "records"]

    /// Where the file is for `environment`.
    public static func path(environment: [String: String]) -> String {
        let base: String
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            base = config
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        }
        return base + "/runbook/config.yaml"
    }

    /// Reads the file for `environment`.
    /// - Throws: `RunbookConfigurationError` when it exists but cannot be read, is not a YAML
    ///   mapping, or holds a malformed entry (each named with file:line).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(RunbookConfigurationError) -> RunbookConfiguration
    {
        let path = path(environment: environment)
        guard FileManager.default.fileExists(atPath: path) else { return RunbookConfiguration(path: path) }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RunbookConfigurationError(path: path, problems: ["\(path): cannot be read as UTF-8 text"])
        }
        return try parse(text, path: path)
    }

    /// Reads `text` as the file at `path`.
    public static func parse(_ text: String, path: String) throws(RunbookConfigurationError) -> RunbookConfiguration {
        var configuration = RunbookConfiguration(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw RunbookConfigurationError(path: path, problems: ["\(path): not valid YAML (\(error))"])
        }
        guard let root else { return configuration }
        guard let mapping = root.mapping else {
            throw RunbookConfigurationError(path: path, problems: ["\(path):1:1: not a YAML mapping of keys to values"])
        }
        var problems: [String] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = (keyNode.mark?.line).map { ":\($0)" } ?? ""
            switch key {
            case "notify":
                var reader = NotificationTargetReader(path: path, lineOffset: 0)
                configuration.notify = reader.read(value)
                problems += reader.diagnostics.map { "\($0.location): \($0.message)" }
            case "records":
                guard let records = value.scalar?.string, !records.isEmpty else {
                    problems.append("\(path)\(line): 'records' must be one path or URL")
                    continue
                }
                configuration.records = records
            default:
                problems.append(
                    "\(path)\(line): unknown key '\(key)'; known keys are \(knownKeys.sorted().joined(separator: ", "))"
                )
            }
        }
        if !problems.isEmpty { throw RunbookConfigurationError(path: path, problems: problems) }
        return configuration
    }
}
