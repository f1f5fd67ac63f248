import RunbookDocument

/// Recognises headings that say what their section is for, so prose runbooks get
/// prerequisites, validation and rollback without rewriting.
enum SectionRoles {
    /// The role a heading names, or `.none`. Leading numbering (`3.`, `Step 4:`) is ignored and
    /// only the first word or two count, so "Rollback procedure" is rollback but "Verify the
    /// fix works" stays an ordinary step.
    static func role(forHeading title: String) -> Section.Role {
        var words = title.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
        while let first = words.first, first.allSatisfy(\.isNumber) || first == "step" || first == "phase" {
            words.removeFirst()
        }
        guard let first = words.first else { return .none }
        let firstTwo = words.prefix(2).joined(separator: " ")
        switch first {
        case "prerequisite", "prerequisites", "pre-requisites", "requirements", "preconditions", "pre-flight", "preflight":
            return .prerequisites
        case "validation", "verification", "validate", "post-checks", "postchecks":
            return .validation
        case "rollback", "roll-back", "rollbacks", "backout", "back-out":
            return .rollback
        default:
            break
        }
        switch firstTwo {
        case "before you", "pre flight": return .prerequisites
        case "roll back", "rolling back", "undo changes", "reverting changes": return .rollback
        default: return .none
        }
    }

    static func phase(for role: Section.Role) -> Phase {
        switch role {
        case .none: .main
        case .prerequisites: .prerequisite
        case .validation: .validation
        case .rollback: .rollback
        }
    }
}
