import Foundation

/// The rules lint runs and the names they answer to (id, alias, tag).
public struct RuleRegistry: Sendable {
    public let rules: [any Rule]

    public init(rules: [any Rule]) {
        self.rules = rules.sorted { $0.description.id < $1.description.id }
    }

    /// Every built-in rule.
    public static let standard = RuleRegistry(rules: [
        FrontMatterMissingRule(), FrontMatterInvalidRule(), MissingTitleRule(), FrontMatterTypeRule(),
        UnknownFrontMatterKeyRule(), UnreadableFileRule(), UnclosedFenceRule(), LintDirectiveRule(),
        NoValidationRule(), DestructiveWithoutConfirmRule(), DestructiveWithoutRollbackRule(),
        UndeclaredToolRule(), UndeclaredVariableRule(), UnusedVariableRule(), DuplicateStepIDRule(),
        InvalidStepIDRule(), UnknownAttributeRule(), FenceWithoutLanguageRule(), PromptInShellBlockRule(),
        EchoedSecretRule(), LiteralCredentialRule(), ShellcheckRule(), PlaceholderRule(), ConfirmNamesVariableRule(),
        NeverEndingStepRule(), IndentedShellBlockRule(), CommandLookupOfSeveralToolsRule(), ChangelogEntryMissingRule(),
        UnknownHostRule(),
    ])

    public var descriptions: [RuleDescription] { rules.map(\.description) }

    /// Every name a config or directive may use: ids, aliases, tags and `all`.
    public var names: Set<String> {
        var names: Set<String> = ["all"]
        for description in descriptions {
            names.insert(description.id)
            names.insert(description.alias)
            names.formUnion(description.tags)
        }
        return names
    }

    /// The ids `name` stands for: an id (any case), an alias, a tag, or `all`; nil if unknown.
    public func resolve(_ name: String) -> Set<String>? {
        if name == "all" { return Set(descriptions.map(\.id)) }
        let matches = descriptions.filter {
            $0.id.caseInsensitiveCompare(name) == .orderedSame || $0.alias == name || $0.tags.contains(name)
        }
        return matches.isEmpty ? nil : Set(matches.map(\.id))
    }

    public func description(of id: String) -> RuleDescription? {
        descriptions.first { $0.id == id }
    }
}
