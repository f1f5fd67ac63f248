import RunbookKit

/// The variable values given on the command line, read once: `--var` values, and the secrets
/// from `--var-file` and `--var-command` with where each came from.
struct GivenVariables {
    var values: [String: String]
    var secrets: [String: (value: String, source: VariableSource)]

    init(values: [String: String], secrets: [String: (value: String, source: VariableSource)]) {
        self.values = values
        self.secrets = secrets
    }

    /// Reads `options`; with `runCommands` false (a dry run) no `--var-command` runs.
    init(_ options: VariableOptions, runCommands: Bool) throws {
        values = try options.values()
        secrets = try options.secretValues(runCommands: runCommands)
    }
}
