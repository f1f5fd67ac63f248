/// A parsed runbook: its metadata, the checklist in every phase, and what was found wrong.
public struct Runbook: Hashable, Sendable, Codable {
    /// The path as given by the user.
    public var path: String
    /// Stable identity: front matter `id`, else the file name without extension.
    public var id: String
    public var title: String
    /// The author's version, as written (`3`, `"1.2"`).
    public var version: String?
    public var category: Category?
    public var priority: Priority
    public var tags: [String]
    /// Whose defaults the steps run with: runbook's stricter ones, or Runme's.
    public var semantics: Semantics
    /// The shell blocks run with; `bash` unless the front matter says otherwise.
    public var shell: String
    /// Extra environment for every step, in the order written.
    public var environment: [Variable]
    /// Working directory for every step unless a block says otherwise.
    public var workingDirectory: String?
    public var description: String?
    /// The front matter's `expect:`: what an output mismatch does to steps without `expect=`.
    public var expectation: Expectation?
    /// The front matter's `test:`: how `runbook test` runs it; `nil` when absent.
    public var test: TestSettings?
    /// Who to call, and when (`contacts:`), in the order written.
    public var contacts: [Contact]
    /// Who is told when the run fails, pauses, … (`notify:`), besides the configuration file's.
    public var notify: [NotificationTarget]
    /// Why each version changed (`changelog:`), in the order written.
    public var changelog: [ChangelogEntry]
    public var variables: [Variable]
    /// The hosts the front matter names (`hosts:`), for `host=` on blocks; nil without one.
    public var hosts: HostInventory?
    /// The front matter's `host:`: where steps without `host=` run; nil runs them here.
    public var defaultHost: String?
    public var prerequisites: [Step]
    public var steps: [Step]
    public var validation: [Step]
    public var rollback: [Step]
    public var sections: [Section]
    /// Code blocks that are not steps (YAML, PromQL, output without a step before it, …).
    public var otherBlocks: [CodeBlock]
    public var comments: [HTMLComment]
    public var frontMatter: FrontMatter?
    /// Lowercase hex SHA-256 of the file's bytes: which exact text a record followed.
    public var contentHash: String
    public var lineCount: Int
    public var diagnostics: [Diagnostic]

    public init(
        path: String, id: String, title: String, version: String? = nil, category: Category? = nil,
        priority: Priority = .normal, tags: [String] = [], semantics: Semantics = .runbook, shell: String = "bash",
        environment: [Variable] = [], workingDirectory: String? = nil, description: String? = nil,
        variables: [Variable] = [], prerequisites: [Step] = [], steps: [Step] = [],
        validation: [Step] = [], rollback: [Step] = [], sections: [Section] = [],
        otherBlocks: [CodeBlock] = [], comments: [HTMLComment] = [], frontMatter: FrontMatter? = nil,
        contentHash: String = "", lineCount: Int = 0, diagnostics: [Diagnostic] = [],
        expectation: Expectation? = nil, test: TestSettings? = nil, contacts: [Contact] = [],
        changelog: [ChangelogEntry] = [], hosts: HostInventory? = nil, defaultHost: String? = nil,
        notify: [NotificationTarget] = []
    ) {
        self.hosts = hosts
        self.defaultHost = defaultHost
        self.notify = notify
        self.expectation = expectation
        self.test = test
        self.contacts = contacts
        self.changelog = changelog
        self.path = path
        self.id = id
        self.title = title
        self.version = version
        self.category = category
        self.priority = priority
        self.tags = tags
        self.semantics = semantics
        self.shell = shell
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.description = description
        self.variables = variables
        self.prerequisites = prerequisites
        self.steps = steps
        self.validation = validation
        self.rollback = rollback
        self.sections = sections
        self.otherBlocks = otherBlocks
        self.comments = comments
        self.frontMatter = frontMatter
        self.contentHash = contentHash
        self.lineCount = lineCount
        self.diagnostics = diagnostics
    }

    /// Every step of every phase in document order of phases: prerequisites, steps,
    /// validation, rollback.
    public var allSteps: [Step] { prerequisites + steps + validation + rollback }

    /// The steps of one phase.
    public func steps(in phase: Phase) -> [Step] {
        switch phase {
        case .prerequisite: prerequisites
        case .main: steps
        case .validation: validation
        case .rollback: rollback
        }
    }

    /// Finds a step of any phase by id, declared id or alias.
    public func step(named reference: String) -> Step? {
        allSteps.first { $0.isNamed(reference) }
    }

    public func variable(named name: String) -> Variable? {
        variables.first { $0.name == name }
    }

    /// True when the document has anything `runbook` would act on: front matter or a step the
    /// engine runs. A docs tree's README usually has neither.
    public var looksLikeRunbook: Bool {
        frontMatter != nil || allSteps.contains { $0.kind.isExecutable }
    }

    /// What an output mismatch does to `step`: a validation check always fails on one; other
    /// steps take their `expect=`, else the front matter's `expect:`, else a deviation.
    public func expectation(of step: Step) -> Expectation {
        if step.phase == .validation { return .strict }
        return step.expectation ?? expectation ?? .deviation
    }

    /// The host names `step` runs on, in order: its own `host=`, else the front matter's
    /// `host:`. Empty when it runs here, on the machine runbook runs on.
    public func hostNames(of step: Step) -> [String] {
        guard let reference = step.host ?? defaultHost else { return [] }
        let names = (hosts ?? HostInventory()).names(in: reference)
        return names == [HostInventory.localName] ? [] : names
    }

    /// True when some diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The chain of section titles holding a step, outermost first.
    public func sectionPath(of step: Step) -> [String] {
        var titles: [String] = []
        var index = step.sectionIndex
        while let current = index, sections.indices.contains(current) {
            titles.insert(sections[current].title, at: 0)
            index = sections[current].parent
        }
        return titles
    }
}
