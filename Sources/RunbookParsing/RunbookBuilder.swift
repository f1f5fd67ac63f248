import RunbookDocument

/// Assembles the `Runbook` model from front-matter values and the Markdown blocks.
struct RunbookBuilder {
    let path: String
    /// Runme documents run language-less and `shellscript` fences and give steps a terminal
    /// unless `interactive=false`.
    let semantics: Semantics
    private(set) var diagnostics: [Diagnostic] = []

    private var sections: [Section] = []
    /// Open headings, innermost last, to find each new section's parent.
    private var sectionStack: [Int] = []
    private var pendingContext: [String] = []
    /// Steps by phase, in `Phase.allCases` order (see `slot(_:)`); arrays rather than a
    /// dictionary so a step is written in place instead of copied out and back.
    private var steps: [[Step]] = Array(repeating: [], count: 4)
    /// The step an ```` ```output ```` block would attach to, if one came now.
    private var outputTarget: (phase: Phase, index: Int)?
    private var otherBlocks: [CodeBlock] = []
    private var comments: [HTMLComment] = []
    /// Sections whose first step block has been seen: only that block's `host=` becomes the
    /// section's.
    private var sectionsWithBlock: Set<Int> = []
    /// The `host=` a section's first block named, which the section's later blocks (and its
    /// subsections') take when they name none.
    private var sectionHosts: [Int: String] = [:]

    init(path: String, semantics: Semantics = .runbook) {
        self.path = path
        self.semantics = semantics
    }

    mutating func add(_ blocks: [MarkdownBlock]) {
        for block in blocks {
            switch block {
            case let .heading(level, text, line, column):
                addHeading(level: level, title: text, at: location(line, column))
            case let .paragraph(text, _):
                pendingContext.append(text)
            case let .code(code):
                addCode(code)
            case let .taskItem(text, isChecked, line, column):
                addManual(text: text, isChecked: isChecked, at: location(line, column))
            case let .listItem(text, depth, containsCode, line, column):
                let role = currentRole
                if depth == 1, !containsCode, role == .prerequisites || role == .validation {
                    addManual(text: text, isChecked: false, at: location(line, column))
                } else {
                    pendingContext.append(text)
                }
            case let .htmlComment(text, line, endLine, column):
                comments.append(HTMLComment(text: text, location: location(line, column), endLine: endLine))
            }
        }
    }

    mutating func add(frontMatterItems items: [FrontMatterDecoder.Item]) {
        for item in items {
            let run = item.run.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }
            let title =
                item.name ?? run.map {
                    Step(id: "", title: "", kind: .shell, command: $0, location: item.location).summary
                } ?? ""
            let expected = item.expect.map {
                ExpectedOutput(text: $0.hasSuffix("\n") ? $0 : $0 + "\n", location: item.location)
            }
            append(
                Step(
                    id: "", title: title, kind: run == nil ? .manual : .shell, phase: item.phase, origin: .frontMatter,
                    command: run ?? title, expectedOutput: expected, confirmation: item.confirmation,
                    timeout: item.timeout, location: item.location, host: item.host))
        }
    }

    /// Finishes the model: front-matter items lead each phase, and ids are made unique with the
    /// ones the author wrote claimed first.
    mutating func build(into runbook: inout Runbook) {
        // Front-matter items are added before the body, so each phase's list already has them
        // first unless a body step came before one; only then is the list reordered.
        for slot in steps.indices where !RunbookBuilder.frontMatterLeads(steps[slot]) {
            steps[slot] =
                steps[slot].filter { $0.origin == .frontMatter } + steps[slot].filter { $0.origin == .document }
        }
        var identifiers = StepIdentifiers()
        for explicitPass in [true, false] {
            for slot in steps.indices {
                for index in steps[slot].indices where (steps[slot][index].declaredID != nil) == explicitPass {
                    let wanted = steps[slot][index].declaredID ?? derivedID(for: steps[slot][index])
                    steps[slot][index].id = identifiers.claim(wanted)
                }
            }
        }
        runbook.prerequisites = steps[RunbookBuilder.slot(.prerequisite)]
        runbook.steps = steps[RunbookBuilder.slot(.main)]
        runbook.validation = steps[RunbookBuilder.slot(.validation)]
        runbook.rollback = steps[RunbookBuilder.slot(.rollback)]
        runbook.sections = sections
        runbook.otherBlocks = otherBlocks
        runbook.comments = comments
    }

    /// The first level-1 heading, else the first heading, for a runbook without a `title`.
    var firstHeadingTitle: String? {
        (sections.first { $0.level == 1 } ?? sections.first)?.title
    }

    // MARK: - Blocks

    private var currentRole: Section.Role {
        sectionStack.last.map { sections[$0].role } ?? .none
    }

    private mutating func addHeading(level: Int, title rawTitle: String, at location: SourceLocation) {
        let title = RunbookBuilder.removingHeadingAnchor(rawTitle)
        while let open = sectionStack.last, sections[open].level >= level { sectionStack.removeLast() }
        let parent = sectionStack.last
        var role = SectionRoles.role(forHeading: title)
        if role == .none, let parent { role = sections[parent].role }
        sections.append(Section(title: title, level: level, parent: parent, role: role, location: location))
        sectionStack.append(sections.count - 1)
        pendingContext.removeAll()
        outputTarget = nil
    }

    private mutating func addCode(_ code: MarkdownBlock.Code) {
        let info = InfoStringParser.parse(code.info)
        let at = location(code.line, code.column)
        if let problem = info.problem {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "block-attributes",
                    "The attributes of this code block could not be read: \(problem). The block is kept without them.",
                    at: at))
        }
        if !code.isClosed {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "unclosed-fence",
                    "This code fence is never closed, so everything after it up to the end of its container is code.",
                    at: at))
        }
        let block = CodeBlock(
            language: info.language, info: code.info, attributes: info.attributes, code: code.literal,
            location: at, firstCodeLine: code.isFenced ? code.line + 1 : code.line,
            isClosed: code.isClosed, isIndented: !code.isFenced)
        if CodeBlock.outputLanguages.contains(info.language) {
            if let target = outputTarget, steps[RunbookBuilder.slot(target.phase)][target.index].expectedOutput == nil {
                steps[RunbookBuilder.slot(target.phase)][target.index].expectedOutput = ExpectedOutput(
                    text: code.literal, location: location(block.firstCodeLine, 1))
            } else {
                otherBlocks.append(block)
            }
            outputTarget = nil
            return
        }
        let isShell =
            CodeBlock.shellLanguages.contains(info.language)
            || (semantics == .runme && SemanticsDecision.runmeShellLanguages.contains(info.language))
        let isConsole = CodeBlock.consoleLanguages.contains(info.language)
        guard code.isFenced, isShell || isConsole else {
            otherBlocks.append(block)
            outputTarget = nil
            return
        }
        var step = blockStep(block, code: code, kind: isShell ? .shell : .console, at: at)
        if isShell {
            step.command = ShellPrompts.strippedText(code.literal)
        }
        if isConsole {
            let transcript = ConsoleTranscript(code.literal, firstLine: block.firstCodeLine)
            step.command = transcript.commands
            step.transcript = transcript.entries.isEmpty ? nil : transcript.entries
            if let output = transcript.expectedOutput {
                let line = block.firstCodeLine + (transcript.firstOutputLineIndex ?? 0)
                step.expectedOutput = ExpectedOutput(text: output, location: location(line, 1))
            }
        }
        if block.attributes["name"] == nil, let inferred = StepIdentifiers.runmeName(forCommand: step.command),
            !step.aliases.contains(inferred)
        {
            // Runme names an unnamed cell after its first command; its users call it that.
            step.aliases.append(inferred)
        }
        append(step)
        outputTarget = (step.phase, steps[RunbookBuilder.slot(step.phase)].count - 1)
    }

    private mutating func blockStep(_ block: CodeBlock, code: MarkdownBlock.Code, kind: StepKind, at: SourceLocation)
        -> Step
    {
        let attributes = block.attributes
        // Runme names a step with `name` and keeps `id` for its ULID; runbook's own `id` names it
        // when there is no `name`.
        let declared = attributes["name"] ?? attributes["id"]
        let aliases = attributes["name"] != nil ? attributes["id"].map { [$0] } ?? [] : []
        var timeout: Double?
        if let raw = attributes["timeout"] {
            timeout = DurationParser.seconds(from: raw)
            if timeout == nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "block-attributes",
                        "The timeout '\(raw)' is not a duration such as 90s, 5m or 1h30m; the step will run without one.",
                        at: at))
            }
        }
        var expectation: Expectation?
        if let raw = attributes["expect"] {
            expectation = Expectation(rawValue: raw.lowercased())
            if expectation == nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "block-attributes",
                        "The attribute expect='\(raw)' is not one of \(Expectation.allCases.map(\.rawValue).joined(separator: ", ")); an output mismatch will stay a deviation.",
                        at: at))
            }
        }
        let sectionIndex = sectionStack.last
        let ownHost = attributes["host"] ?? attributes["hosts"]
        let host = ownHost ?? sectionStack.reversed().first { sectionHosts[$0] != nil }.flatMap { sectionHosts[$0] }
        if let sectionIndex, sectionsWithBlock.insert(sectionIndex).inserted, let ownHost {
            sectionHosts[sectionIndex] = ownHost
        }
        return Step(
            id: "", declaredID: declared, aliases: aliases,
            title: code.listItemTitle ?? sectionIndex.map { sections[$0].title } ?? declared ?? "Step",
            kind: kind, phase: SectionRoles.phase(for: currentRole), command: block.code, block: block,
            sectionIndex: sectionIndex, context: takeContext(),
            confirmation: attributes["confirm"].map(Confirmation.init(attributeValue:)) ?? .none,
            isDestructive: attributes.flag("destructive") ?? false, timeout: timeout,
            workingDirectory: attributes["cwd"], isInteractive: attributes.flag("interactive") ?? (semantics == .runme),
            isExcluded: attributes.flag("ignore") == true || attributes.flag("excludeFromRunAll") == true,
            tags: RunbookBuilder.tags(attributes), location: at, expectation: expectation, host: host)
    }

    /// Runme's `tag` and `category` attributes, each a comma-separated list, in order, once each.
    private static func tags(_ attributes: Attributes) -> [String] {
        var tags: [String] = []
        for entry in attributes.entries where entry.key == "tag" || entry.key == "category" {
            for word in entry.value.split(separator: ",") {
                let tag = word.trimmingWhitespace()
                if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
            }
        }
        return tags
    }

    private mutating func addManual(text: String, isChecked: Bool, at: SourceLocation) {
        append(
            Step(
                id: "", title: text, kind: .manual, phase: SectionRoles.phase(for: currentRole), command: text,
                sectionIndex: sectionStack.last, context: takeContext(), isChecked: isChecked, location: at))
        outputTarget = nil
    }

    private mutating func append(_ step: Step) {
        steps[RunbookBuilder.slot(step.phase)].append(step)
    }

    /// The index of `phase`'s list in `steps`.
    private static func slot(_ phase: Phase) -> Int {
        switch phase {
        case .prerequisite: 0
        case .main: 1
        case .validation: 2
        case .rollback: 3
        }
    }

    /// True when no document step comes before a front-matter one.
    private static func frontMatterLeads(_ list: [Step]) -> Bool {
        guard let firstDocument = list.firstIndex(where: { $0.origin == .document }) else { return true }
        return !list[firstDocument...].contains { $0.origin == .frontMatter }
    }

    private mutating func takeContext() -> String {
        defer { pendingContext.removeAll() }
        return pendingContext.joined(separator: "\n\n")
    }

    private func derivedID(for step: Step) -> String {
        switch (step.kind, step.origin) {
        case (.manual, _), (_, .frontMatter):
            let slug = StepIdentifiers.slug(step.title)
            return slug.isEmpty ? step.phase.rawValue : slug
        default:
            // The section's title, or the numbered-list item the block sits in.
            let slug = StepIdentifiers.slug(step.title)
            return slug.isEmpty ? "step" : slug
        }
    }

    /// A heading's text without a trailing Hugo/Jekyll/Pandoc attribute list: `Step {#step-2}`,
    /// `Restart {: #restart .important}`. Braces that hold anything else are kept.
    static func removingHeadingAnchor(_ title: String) -> String {
        guard title.hasSuffix("}"), let open = title.lastIndex(of: "{") else { return title }
        var inner = title[title.index(after: open)..<title.index(before: title.endIndex)].drop { $0 == " " }
        if inner.hasPrefix(":") { inner = inner.dropFirst().drop { $0 == " " } }
        guard let first = inner.first, first == "#" || first == ".", inner.count > 1 else { return title }
        return String(title[..<open]).trimmingWhitespace()
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }
}
