import Foundation
import RunbookBytes
import RunbookDocument
import Yams

/// Reads `.runbook-lint.yml` files:
///
/// ```yaml
/// extends: ../.runbook-lint.yml      # a path or a list of paths, relative to this file
/// disable: [RB013, style]            # ids, aliases or tags
/// enable: [RB019]
/// severity:
///   RB012: error                     # error, warning, note, or off
///   secrets: error
/// ```
///
/// Finding the file for a runbook walks up from the runbook's directory to the root and takes
/// the first `.runbook-lint.yml` (or `.yaml`); results are cached per directory, since a docs
/// tree has many files per directory.
public final class LintConfigurationLoader {
    public static let fileNames = [".runbook-lint.yml", ".runbook-lint.yaml"]

    private let registry: RuleRegistry
    private var configurationsByDirectory: [String: LintConfiguration] = [:]
    private var configurationsByWrittenDirectory: [String: LintConfiguration] = [:]
    private var configurationsByFile: [String: LintConfiguration] = [:]

    public init(registry: RuleRegistry = .standard) {
        self.registry = registry
    }

    /// The configuration that applies to the runbook at `path`: the nearest config file above
    /// it, or the standard configuration when there is none.
    public func configuration(forRunbookAt path: String) throws(LintConfigurationError) -> LintConfiguration {
        // Keyed by the directory as written first: making paths absolute costs system calls,
        // and a docs tree has many files per directory.
        let written = PathText.directory(of: path)
        if let cached = configurationsByWrittenDirectory[written] { return cached }
        let configuration = try configuration(forDirectory: PathText.directory(of: Self.absolute(path)))
        configurationsByWrittenDirectory[written] = configuration
        return configuration
    }

    private func configuration(forDirectory directory: String) throws(LintConfigurationError) -> LintConfiguration {
        if let cached = configurationsByDirectory[directory] { return cached }
        var result = LintConfiguration.standard
        if let file = Self.fileNames.map({ (directory as NSString).appendingPathComponent($0) })
            .first(where: { FileManager.default.fileExists(atPath: $0) })
        {
            result = try load(path: file)
        } else if directory != "/" && !directory.isEmpty {
            result = try configuration(forDirectory: PathText.directory(of: directory))
        }
        configurationsByDirectory[directory] = result
        return result
    }

    /// Loads one file and the files it extends.
    public func load(path: String) throws(LintConfigurationError) -> LintConfiguration {
        let absolute = Self.absolute(path)
        if let cached = configurationsByFile[absolute] { return cached }
        var configuration = LintConfiguration.standard
        for layer in try layers(path: absolute, visiting: []) { configuration.apply(layer) }
        configurationsByFile[absolute] = configuration
        return configuration
    }

    /// The settings of `path` preceded by those of the files it extends, bases first, so
    /// applying them in order lets each file override what it extends.
    private func layers(path: String, visiting: [String]) throws(LintConfigurationError) -> [LintSettings] {
        guard !visiting.contains(path) else {
            throw LintConfigurationError(
                path: path,
                problem: "'extends' loops back to this file (\((visiting + [path]).joined(separator: " -> "))).")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw LintConfigurationError(
                path: path, problem: "cannot read the lint configuration: \(error.localizedDescription)")
        }
        let settings = try parse(text, path: path)
        let directory = PathText.directory(of: path)
        var result: [LintSettings] = []
        for base in settings.extends {
            let basePath =
                ((base.hasPrefix("/") ? base : (directory as NSString).appendingPathComponent(base)) as NSString)
                .standardizingPath
            guard FileManager.default.fileExists(atPath: basePath) else {
                throw LintConfigurationError(path: path, problem: "'extends' names '\(base)', which does not exist.")
            }
            result += try layers(path: basePath, visiting: visiting + [path])
        }
        return result + [settings]
    }

    /// Parses the text of one configuration file.
    public func parse(_ text: String, path: String) throws(LintConfigurationError) -> LintSettings {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch {
            throw LintConfigurationError(path: path, problem: "this is not valid YAML (\(error)).")
        }
        var settings = LintSettings()
        guard let node else { return settings }
        guard let mapping = node.mapping else {
            throw LintConfigurationError(
                path: path, problem: "the configuration must be a mapping with extends, disable, enable and severity.")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "extends":
                settings.extends = try strings(value, key: key, path: path)
            case "disable":
                settings.disable = try ruleIDs(strings(value, key: key, path: path), key: key, path: path)
            case "enable":
                settings.enable = try ruleIDs(strings(value, key: key, path: path), key: key, path: path)
            case "severity":
                guard let levels = value.mapping else {
                    throw LintConfigurationError(
                        path: path, problem: "'severity' must map rule names to error, warning, note or off.")
                }
                for (nameNode, levelNode) in levels {
                    let name = nameNode.string ?? ""
                    let level = try severity(levelNode.string ?? "", name: name, path: path)
                    for id in try ruleIDs([name], key: key, path: path) { settings.severity[id] = level }
                }
            default:
                throw LintConfigurationError(
                    path: path,
                    problem:
                        "'\(key)' is not a lint setting\(Suggestion.hint(for: key, in: ["extends", "disable", "enable", "severity"])); use extends, disable, enable or severity."
                )
            }
        }
        return settings
    }

    private func strings(_ node: Node, key: String, path: String) throws(LintConfigurationError) -> [String] {
        if let sequence = node.sequence {
            var result: [String] = []
            for element in sequence {
                guard let text = element.string else {
                    throw LintConfigurationError(path: path, problem: "'\(key)' must be a list of names.")
                }
                result.append(text)
            }
            return result
        }
        if let text = node.string { return [text] }
        throw LintConfigurationError(path: path, problem: "'\(key)' must be a name or a list of names.")
    }

    private func ruleIDs(_ names: [String], key: String, path: String) throws(LintConfigurationError) -> Set<String> {
        var ids = Set<String>()
        for name in names {
            guard let resolved = registry.resolve(name) else {
                throw LintConfigurationError(
                    path: path,
                    problem:
                        "'\(key)' names '\(name)', which is not a rule id, alias or tag\(Suggestion.hint(for: name, in: registry.names)); `runbook lint --list-rules` shows them all."
                )
            }
            ids.formUnion(resolved)
        }
        return ids
    }

    private func severity(_ text: String, name: String, path: String) throws(LintConfigurationError) -> Severity? {
        switch text.lowercased() {
        case "error": return .error
        case "warning", "warn": return .warning
        case "note", "info": return .note
        case "off", "none", "false": return nil
        default:
            throw LintConfigurationError(
                path: path, problem: "the severity of '\(name)' must be error, warning, note or off, not '\(text)'.")
        }
    }

    static func absolute(_ path: String) -> String {
        let full =
            path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
