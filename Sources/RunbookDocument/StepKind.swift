/// How a step is carried out.
public enum StepKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A shell block (`bash`, `sh`, `shell`, `zsh`) or a front-matter `run:`: the engine runs it.
    case shell
    /// A `console` block: its `$ ` lines are run, the lines between them are expected output.
    case console
    /// A task-list item or a sentence to confirm: the operator does it and says so.
    case manual

    /// True when the engine runs a command for this step.
    public var isExecutable: Bool { self != .manual }
}
