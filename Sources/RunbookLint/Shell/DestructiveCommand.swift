/// One row of the destructive-command table: which programs, which of their verbs destroy
/// data, how the rule page describes it, and the commands that show it.
///
/// The examples are tests: every `examples` entry must be reported by RB011 and every
/// `harmless` entry must not, so the documentation cannot promise more than the code does.
public struct DestructiveCommand: Sendable {
    /// The group the rule page lists the row under: "Cloud", "Kubernetes", …
    public let family: String
    /// Program names the row applies to (base names: `/usr/sbin/zfs` is `zfs`); empty for a row
    /// that only documents a rule implemented elsewhere (SQL in a here-document, wrappers).
    public let programs: [String]
    /// What is destructive, as the rule page shows it.
    public let what: String
    /// Commands RB011 reports.
    public let examples: [String]
    /// Look-alike commands RB011 must not report.
    public let harmless: [String]
    /// Names what is destructive given the program's base name and its arguments, or nil.
    let match: @Sendable (_ program: String, _ arguments: [String]) -> String?

    init(
        _ family: String, _ programs: [String], _ what: String, examples: [String], harmless: [String] = [],
        match: @escaping @Sendable (_ program: String, _ arguments: [String]) -> String?
    ) {
        self.family = family
        self.programs = programs
        self.what = what
        self.examples = examples
        self.harmless = harmless
        self.match = match
    }

    /// A row that documents a check made outside the per-program table.
    init(_ family: String, documenting what: String, examples: [String]) {
        self.init(family, [], what, examples: examples) { _, _ in nil }
    }
}
