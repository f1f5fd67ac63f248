import RunbookDocument

/// Whether a runbook may be run: the parser's findings that would change what a run does
/// without anyone noticing.
///
/// The parser keeps going past bad content and reports it; `show` and `lint` print those
/// reports as they are. A run must not: front matter that is not read drops the
/// prerequisites, variable checks, validation and rollback; an unclosed fence swallows the
/// steps after it; a pattern that does not compile cannot check anything. `run` and `resume`
/// refuse a runbook with any of these until it is fixed.
public enum RunReadiness {
    /// Warning codes whose content the run would silently lose.
    static let losingCodes: Set<String> = ["front-matter-invalid", "front-matter-unterminated", "unclosed-fence"]

    /// Every problem that stops `runbook` from running `runbook`, as errors, in file order;
    /// empty when it may run.
    public static func problems(in runbook: Runbook) -> [Diagnostic] {
        var problems: [Diagnostic] = runbook.diagnostics.compactMap { diagnostic in
            if diagnostic.severity == .error { return diagnostic }
            guard losingCodes.contains(diagnostic.code) else { return nil }
            var refused = diagnostic
            refused.severity = .error
            return refused
        }
        for variable in runbook.variables {
            guard let pattern = variable.pattern, (try? Regex(pattern)) == nil else { continue }
            problems.append(
                Diagnostic(
                    .error, code: "variable-pattern",
                    "The pattern of variable '\(variable.name)' is not a valid regular expression: \(pattern)",
                    at: variable.location))
        }
        return problems.sorted { $0.location < $1.location }
    }
}
