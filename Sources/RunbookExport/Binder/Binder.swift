import RunbookDocument

/// The offline binder: every runbook, most critical first, as one document for the USB stick
/// and the paper copy (`runbook binder`).
public struct Binder: Sendable {
    /// In binder order: priority (critical first), then category, then id, as `runbook list`.
    public let runbooks: [Runbook]
    /// Shown on the cover: when it was made, so a printed copy says how old it is.
    public let generatedAt: String

    public init(runbooks: [Runbook], generatedAt: String) {
        self.runbooks = Binder.ordered(runbooks)
        self.generatedAt = generatedAt
    }

    public static func ordered(_ runbooks: [Runbook]) -> [Runbook] {
        runbooks.sorted {
            ($0.priority, $0.category?.rawValue ?? "~", $0.id, $0.path) < (
                $1.priority, $1.category?.rawValue ?? "~", $1.id, $1.path
            )
        }
    }

    /// The anchor of a runbook's chapter: its position, so two runbooks with one id still link apart.
    static func anchor(_ index: Int) -> String { "runbook-\(index + 1)" }

    /// What a step asks before it runs, in words; `nil` when it asks nothing.
    static func confirmation(of step: Step) -> String? {
        var parts: [String] = []
        switch step.confirmation {
        case .none: break
        case .yesNo: parts.append("confirm before running (yes/no)")
        case .phrase(let phrase): parts.append("confirm by typing \u{201C}\(phrase)\u{201D}")
        case .variable(let name): parts.append("confirm by typing the value of $\(name)")
        }
        if step.isDestructive { parts.append("DESTRUCTIVE: destroys data") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The step's command without the trailing newlines of its block.
    static func command(of step: Step) -> String {
        var command = Substring(step.command)
        while command.last?.isNewline == true { command = command.dropLast() }
        return String(command)
    }

    /// A control character as its visible picture (U+2400…), so a terminal escape in a command
    /// is shown, never passed on; `nil` for any other character.
    static func picture(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0..<0x20: Unicode.Scalar(0x2400 + scalar.value)
        case 0x7F: Unicode.Scalar(0x2421)
        case 0x80..<0xA0: Unicode.Scalar(0xFFFD)
        default: nil
        }
    }

    /// A variable's value as the binder shows it: secrets never.
    static func shownDefault(_ variable: Variable) -> String {
        if variable.isSecret { return "(secret: asked at run time)" }
        return variable.defaultValue ?? "(no default: give it with --var)"
    }
}
