import RunbookDocument

/// Which rules run and how serious their findings are, after every config layer is applied.
public struct LintConfiguration: Hashable, Sendable {
    /// Ids of rules that do not run.
    public var disabled: Set<String> = []
    /// Severity overrides by rule id.
    public var severities: [String: Severity] = [:]

    /// Every rule on, at its default severity.
    public static let standard = LintConfiguration()

    public init(disabled: Set<String> = [], severities: [String: Severity] = [:]) {
        self.disabled = disabled
        self.severities = severities
    }

    public func isEnabled(_ ruleID: String) -> Bool { !disabled.contains(ruleID) }

    /// The configured severity of `ruleID`, if the configuration overrides it.
    public func severity(for ruleID: String) -> Severity? { severities[ruleID] }

    /// Applies one file's settings on top of this configuration: `disable`, then `enable`, then
    /// `severity`, so a file can switch a tag off and one of its rules back on.
    public mutating func apply(_ settings: LintSettings) {
        disabled.formUnion(settings.disable)
        disabled.subtract(settings.enable)
        for (id, level) in settings.severity {
            if let level {
                severities[id] = level
            } else {
                disabled.insert(id)
            }
        }
    }
}

/// One configuration file's settings with every name already resolved to rule ids.
public struct LintSettings: Hashable, Sendable {
    public var extends: [String] = []
    public var disable: Set<String> = []
    public var enable: Set<String> = []
    /// Rule id to severity; nil means `off`.
    public var severity: [String: Severity?] = [:]

    public init() {}
}
