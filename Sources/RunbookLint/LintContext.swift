import RunbookDocument

/// What rules read: the parsed runbook plus analyses several rules share, computed once.
///
/// One context serves one file on one thread; it is not shared between files.
public final class LintContext {
    /// An executable step with its shell text and what the scanner found in it.
    public struct Script {
        public var step: Step
        public var view: ScriptView
        public var analysis: ShellAnalysis
    }

    public let runbook: Runbook
    /// The shellcheck executable to run, or nil when shellcheck is off.
    public let shellcheckPath: String?
    /// Where shellcheck's findings are kept between runs, or nil.
    public let shellcheckCache: ShellcheckCache?
    /// Hosts and groups from an Ansible inventory given to lint, or nil.
    public let inventory: HostInventory?

    public init(
        runbook: Runbook, shellcheckPath: String? = nil, shellcheckCache: ShellcheckCache? = nil,
        inventory: HostInventory? = nil
    ) {
        self.inventory = inventory
        self.runbook = runbook
        self.shellcheckPath = shellcheckPath
        self.shellcheckCache = shellcheckCache
    }

    /// Every step the engine runs, in run order (prerequisites, steps, validation, rollback).
    public private(set) lazy var scripts: [Script] = runbook.allSteps.compactMap { step in
        guard let view = ScriptView(step: step) else { return nil }
        return Script(step: step, view: view, analysis: ShellScanner.analyze(view.text))
    }

    /// Names the front matter declares under `variables` or `env`.
    public private(set) lazy var declaredNames: Set<String> =
        Set(runbook.variables.map(\.name) + runbook.environment.map(\.name))

    /// The parser's diagnostics with one of `codes`.
    public func parserDiagnostics(_ codes: Set<String>) -> [Diagnostic] {
        runbook.diagnostics.filter { codes.contains($0.code) }
    }

    /// Parser diagnostic codes some rule maps; `RB006` reports every other code so that nothing
    /// the parser found is lost when it learns a new one.
    public static let mappedParserCodes: Set<String> = [
        "front-matter-invalid", "front-matter-unterminated", "front-matter-type",
        "front-matter-unknown-key", "unclosed-fence", "block-attributes",
    ]

    /// Every code block of the document, steps' and others', in document order.
    public private(set) lazy var blocks: [CodeBlock] =
        (runbook.allSteps.compactMap(\.block) + runbook.otherBlocks).sorted { $0.location < $1.location }

    /// Every place a step destroys data, in run order.
    public private(set) lazy var destructiveUses: [DestructiveUse] = findDestructiveUses()

    /// The inline `runbook-lint-…` directives, resolved against the standard rule names.
    public private(set) lazy var directives = Directives(
        comments: runbook.comments, blocks: blocks, registry: .standard)

    /// Line 1, column 1: where findings about the whole file point.
    public var fileStart: SourceLocation { SourceLocation(file: runbook.path, line: 1, column: 1) }
}
