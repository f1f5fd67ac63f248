import RunbookDocument

/// Recognises headings that say what their section is for, so prose runbooks get
/// prerequisites, validation and rollback without rewriting.
enum SectionRoles {
    /// The role a heading names, or `.none`. Leading numbering (`3.`, `Step 4:`) is ignored and
    /// only the first word or two count, so "Rollback procedure" is rollback but "Verify the
    /// fix works" stays an ordinary step.
    static func role(forHeading title: String) -> Section.Role {
        var words = LeadingWords(title)
        while let first = words.first, first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || first == "step" || first == "phase" {
            words.removeFirst()
        }
        guard let first = words.first else { return .none }
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
        guard let second = words.second else { return .none }
        switch (first, second) {
        case ("before", "you"), ("pre", "flight"): return .prerequisites
        case ("roll", "back"), ("rolling", "back"), ("undo", "changes"), ("reverting", "changes"): return .rollback
        default: return .none
        }
    }

    /// The first four words of a heading, lower-cased ASCII. Every heading is asked for its
    /// role, so the words live in a fixed tuple rather than an array, and a word of up to 15
    /// bytes (every one a role is named by) is a small String that needs no allocation.
    private struct LeadingWords {
        private var words: (String, String, String, String) = ("", "", "", "")
        private var count = 0
        private var firstIndex = 0

        init(_ title: String) {
            var title = title
            title.withUTF8 { bytes in
                var wordStart: Int?
                for index in 0...bytes.count {
                    let byte: UInt8 = index < bytes.count ? bytes[index] : 0x20
                    let isWordByte = (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == 0x2D
                    if isWordByte {
                        if wordStart == nil { wordStart = index }
                    } else if let start = wordStart {
                        append(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        wordStart = nil
                        if count == 4 { return }
                    }
                }
            }
        }

        private mutating func append(_ word: UnsafeBufferPointer<UInt8>) {
            let lowered = String(unsafeUninitializedCapacity: word.count) { buffer in
                for (index, byte) in word.enumerated() { buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
                return word.count
            }
            switch count {
            case 0: words.0 = lowered
            case 1: words.1 = lowered
            case 2: words.2 = lowered
            default: words.3 = lowered
            }
            count += 1
        }

        var first: String? { word(firstIndex) }
        var second: String? { word(firstIndex + 1) }
        mutating func removeFirst() { firstIndex += 1 }

        private func word(_ index: Int) -> String? {
            guard index < count else { return nil }
            switch index {
            case 0: return words.0
            case 1: return words.1
            case 2: return words.2
            default: return words.3
            }
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
