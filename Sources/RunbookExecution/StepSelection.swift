import Foundation
import RunbookDocument

/// `--only` and `--tag`: the steps a run is limited to, as `runme run NAME…` and
/// `runme run --tag` choose cells.
///
/// A name matches a step's id, the id its author wrote, or an alias (a Runme ULID, the name
/// Runme infers from the first command); it may be a shell glob (`hello*`). A tag matches the
/// step's `tag`/`category` attributes. A step named or tagged runs even when its author
/// excluded it from running the whole document.
public struct StepSelection: Sendable, Hashable {
    public var names: [String]
    public var tags: [String]

    public init(names: [String] = [], tags: [String] = []) {
        self.names = names
        self.tags = tags
    }

    /// True when nothing limits the run.
    public var isEmpty: Bool { names.isEmpty && tags.isEmpty }

    public func contains(_ step: Step) -> Bool {
        names.contains { pattern in
            ([step.id] + [step.declaredID].compactMap { $0 } + step.aliases).contains { Self.matches(pattern, $0) }
        }
            || tags.contains { tag in step.tags.contains(tag) }
    }

    /// The first name or tag that selects none of `steps`, written as the operator typed it.
    public func unmatched(in steps: [Step]) -> String? {
        if let name = names.first(where: { pattern in !steps.contains { StepSelection(names: [pattern]).contains($0) } }
        ) {
            return name
        }
        return tags.first { tag in !steps.contains { $0.tags.contains(tag) } }.map { "--tag \($0)" }
    }

    /// Shell glob matching (`*`, `?`, `[…]`) of a whole name.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}
