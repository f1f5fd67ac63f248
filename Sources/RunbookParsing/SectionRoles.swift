import RunbookDocument

/// Recognises headings that say what their section is for, so prose runbooks get
/// prerequisites, validation and rollback without rewriting.
enum SectionRoles {
    /// The role a heading names, or `.none`. Leading numbering (`3.`, `Step 4:`) is ignored and
    /// only the first word or two count, so "Rollback procedure" is rollback but "Verify the
    /// fix works" stays an ordinary step.
    static func role(forHeading title: String) -> Section.Role {
        var words = SectionRoles.words(of: title)
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

    /// Lower-cased words of letters, digits and `-`. ASCII titles (nearly all) are split on
    /// bytes; Character properties cost more than the rest of a heading's handling.
    private static func words(of title: String) -> [String] {
        guard title.utf8.allSatisfy({ $0 < 0x80 }) else {
            return title.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init)
        }
        var words: [String] = []
        var current: [UInt8] = []
        for byte in title.utf8 {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) || lowered == 0x2D {
                current.append(lowered)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
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
