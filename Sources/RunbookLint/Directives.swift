import RunbookDocument

/// The `<!-- runbook-lint-… -->` comments of one runbook, and the findings they switch off.
///
/// - `runbook-lint-disable [RULE…]` from its line on, until a matching `-enable`;
/// - `runbook-lint-enable [RULE…]` ends a `-disable`;
/// - `runbook-lint-disable-next-line [RULE…]` the line after the comment, or the whole code
///   block when one starts there;
/// - `runbook-lint-disable-file [RULE…]` the whole file.
///
/// RULE is an id, an alias or a tag; none means every rule. Text after ` -- ` is a reason and
/// is ignored.
public struct Directives: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case disable = "runbook-lint-disable"
        case enable = "runbook-lint-enable"
        case disableNextLine = "runbook-lint-disable-next-line"
        case disableFile = "runbook-lint-disable-file"
    }

    /// A directive as written; `rules` is nil when it names none (all rules).
    public struct Directive: Sendable {
        public var kind: Kind
        public var names: [String]
        public var rules: Set<String>?
        public var location: SourceLocation
        /// Lines a `disable-next-line` covers.
        public var lines: ClosedRange<Int>
    }

    /// A comment that starts like a directive but cannot be one, or names an unknown rule.
    public struct Problem: Sendable {
        public var location: SourceLocation
        public var message: String
    }

    public private(set) var directives: [Directive] = []
    public private(set) var problems: [Problem] = []

    public init(comments: [HTMLComment], blocks: [CodeBlock], registry: RuleRegistry) {
        for comment in comments where comment.text.hasPrefix("runbook-lint") {
            var body = Substring(comment.text)
            if let reason = body.range(of: " -- ") { body = body[..<reason.lowerBound] }
            let words = body.split { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" }.map(String.init)
            guard let kind = Kind(rawValue: words[0]) else {
                let known = Kind.allCases.map(\.rawValue)
                problems.append(
                    Problem(
                        location: comment.location,
                        message:
                            "'\(words[0])' is not a lint directive, so it does nothing\(Suggestion.hint(for: words[0], in: known)); use one of \(known.joined(separator: ", "))."
                    ))
                continue
            }
            let names = Array(words.dropFirst())
            var rules: Set<String>?
            if !names.isEmpty {
                var resolved = Set<String>()
                for name in names {
                    if let ids = registry.resolve(name) {
                        resolved.formUnion(ids)
                    } else {
                        problems.append(
                            Problem(
                                location: comment.location,
                                message:
                                    "The directive names '\(name)', which is not a rule id, alias or tag\(Suggestion.hint(for: name, in: registry.names))."
                            ))
                    }
                }
                rules = resolved
            }
            let next = comment.endLine + 1
            var lines = next...next
            if let block = blocks.first(where: { $0.location.line == next }) {
                lines = next...(block.firstCodeLine + block.code.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
            }
            directives.append(
                Directive(kind: kind, names: names, rules: rules, location: comment.location, lines: lines))
        }
    }

    /// True when a directive switches `ruleID` off at `line`.
    public func suppresses(_ ruleID: String, at line: Int) -> Bool {
        var disabled = false
        for directive in directives where directive.rules?.contains(ruleID) ?? true {
            switch directive.kind {
            case .disableFile:
                return true
            case .disableNextLine:
                if directive.lines.contains(line) { return true }
            case .disable where directive.location.line <= line:
                disabled = true
            case .enable where directive.location.line <= line:
                disabled = false
            default:
                break
            }
        }
        return disabled
    }
}
