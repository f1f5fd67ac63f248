import RunbookDocument

/// Where a variable's value came from.
public enum VariableSource: String, Hashable, Sendable {
    case option = "--var"
    case stored = "run"
    case environment
    case frontMatterDefault = "default"
    case driver
    /// The `.env` file beside a Runme document.
    case dotEnv = ".env"
    /// `--var-file NAME=PATH`: read from a file, treated as a secret.
    case file = "--var-file"
    /// `--var-command NAME=COMMAND`: what a command printed (a password manager), a secret.
    case command = "--var-command"
}

/// A runbook's variables with their values, and what to keep out of the records.
public struct ResolvedVariables: Sendable {
    /// Every value, secrets included: only ever handed to steps through their environment.
    public var values: [String: String]
    public var sources: [String: VariableSource]
    public var secretNames: Set<String>

    /// Values that may be stored and shown.
    public var publicValues: [String: String] { values.filter { !secretNames.contains($0.key) } }

    /// Hides the secret values.
    public var redactor: Redactor {
        Redactor(secrets: values.filter { secretNames.contains($0.key) })
    }

    /// These variables plus the `.env` assignments whose names say they hold a credential
    /// (`CredentialName`), as secrets: redacted wherever they appear, never stored, like a
    /// declared `secret: true` variable. A name a variable already has a value for keeps it,
    /// since that value, not the file's, is the one the steps see.
    func addingSecrets(fromDotEnv assignments: [(name: String, value: String)]) -> ResolvedVariables {
        var result = self
        for (name, value) in assignments where values[name] == nil && CredentialName.looksSecret(name) {
            result.values[name] = value
            result.sources[name] = .dotEnv
            result.secretNames.insert(name)
        }
        return result
    }
}

/// Gives each variable its value: `--var`, then the run's stored values (on resume), then the
/// environment, then the front-matter default, then the driver. Values only ever reach steps
/// as environment variables, never spliced into command text, so no value can inject shell.
public struct VariableResolver: Sendable {
    public var declared: [Variable]
    public var options: [String: String]
    public var stored: [String: String]
    public var environment: [String: String]
    /// Values read from a file or a command (`--var-file`, `--var-command`): secrets whether or
    /// not the runbook declares them so, never stored, redacted everywhere.
    public var secretOptions: [String: (value: String, source: VariableSource)] = [:]

    public init(
        declared: [Variable], options: [String: String] = [:], stored: [String: String] = [:],
        environment: [String: String]
    ) {
        self.declared = declared
        self.options = options
        self.stored = stored
        self.environment = environment
    }

    /// Splits `NAME=VALUE` (the value may hold `=` and anything else).
    public static func parseAssignment(_ text: String) throws(EngineError) -> (name: String, value: String) {
        guard let equals = text.firstIndex(of: "=") else { throw .assignmentInvalid(text) }
        let name = String(text[..<equals])
        guard SessionState.isShellName(name) else { throw .assignmentInvalid(text) }
        return (name, String(text[text.index(after: equals)...]))
    }

    /// The values variables get without asking anyone and without checking patterns, for
    /// previews such as `runbook show --quick`; a variable nothing gives a value is left out.
    public func preview() -> ResolvedVariables {
        var values: [String: String] = [:]
        var sources: [String: VariableSource] = [:]
        for variable in declared {
            guard let (value, source) = secretOptions[variable.name] ?? available(variable) else { continue }
            values[variable.name] = value
            sources[variable.name] = source
        }
        addUndeclared(to: &values, sources: &sources)
        return ResolvedVariables(
            values: values, sources: sources,
            secretNames: Set(declared.filter(\.isSecret).map(\.name)).union(secretOptions.keys))
    }

    /// The first of `--var`, the stored run, the environment and the default that has a value.
    private func available(_ variable: Variable) -> (String, VariableSource)? {
        let name = variable.name
        let candidates: [(String?, VariableSource)] = [
            (options[name], .option), (stored[name], .stored), (environment[name], .environment),
            (variable.defaultValue, .frontMatterDefault),
        ]
        return candidates.first(where: { $0.0 != nil }).map { ($0.0!, $0.1) }
    }

    /// - Parameter ask: called for a variable nothing else gives a value; `nil` means none.
    public func resolve(ask: (Variable) -> String? = { _ in nil }) throws(EngineError) -> ResolvedVariables {
        var values: [String: String] = [:]
        var sources: [String: VariableSource] = [:]
        let secrets = Set(declared.filter(\.isSecret).map(\.name)).union(secretOptions.keys)
        for variable in declared {
            let name = variable.name
            if let (value, source) = secretOptions[name] {
                values[name] = value
                sources[name] = source
            } else if let (value, source) = available(variable) {
                values[name] = value
                sources[name] = source
            } else if let value = ask(variable) {
                values[name] = value
                sources[name] = .driver
            } else {
                throw .variableMissing(name: name, location: variable.location)
            }
            if let pattern = variable.pattern {
                let compiled: VariablePattern
                do { compiled = try VariablePattern(pattern) } catch {
                    throw .patternInvalid(name: name, pattern: pattern, location: variable.location)
                }
                if !compiled.wholeMatches(values[name]!) {
                    let shown = secrets.contains(name) ? "[secret:\(name)]" : "'\(values[name]!)'"
                    throw .variableInvalid(name: name, shownValue: shown, pattern: pattern, location: variable.location)
                }
            }
        }
        addUndeclared(to: &values, sources: &sources)
        return ResolvedVariables(values: values, sources: sources, secretNames: secrets)
    }

    /// `--var` (and secret options) for names the runbook does not declare still reach the
    /// steps.
    private func addUndeclared(to values: inout [String: String], sources: inout [String: VariableSource]) {
        for (name, value) in options where values[name] == nil {
            values[name] = value
            sources[name] = .option
        }
        for (name, given) in secretOptions where values[name] == nil {
            values[name] = given.value
            sources[name] = given.source
        }
    }
}
