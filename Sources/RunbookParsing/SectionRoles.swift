import RunbookDocument

/// Recognises headings that say what their section is for, so prose runbooks get
/// prerequisites, validation and rollback without rewriting.
enum SectionRoles {
    /// The role a heading names, or `.none`. Leading numbering (`3.`, `Step 4:`) is ignored and
    /// only the first word or two count, so "Rollback procedure" is rollback but "Verify the
    /// fix works" stays an ordinary step.
    static func role(forHeading title: String) -> Section.Role {
        var words = LeadingWords(title)
        while let first = words.first, first.isNumber || first == step || first == phase {
            words.removeFirst()
        }
        guard let first = words.first else { return .none }
        if let role = singleWordRoles.first(where: { $0.0 == first })?.1 { return role }
        guard let second = words.second else { return .none }
        return twoWordRoles.first { $0.0 == first && $0.1 == second }?.2 ?? .none
    }

    private static let step = Word("step")
    private static let phase = Word("phase")

    private static let singleWordRoles: [(Word, Section.Role)] =
        ["prerequisite", "prerequisites", "pre-requisites", "requirements", "preconditions", "pre-flight", "preflight"]
        .map { (Word($0), .prerequisites) }
        + ["validation", "verification", "validate", "post-checks", "postchecks"].map { (Word($0), .validation) }
        + ["rollback", "roll-back", "rollbacks", "backout", "back-out"].map { (Word($0), .rollback) }

    private static let twoWordRoles: [(Word, Word, Section.Role)] = {
        let pairs: [(String, String, Section.Role)] = [
            ("before", "you", .prerequisites), ("pre", "flight", .prerequisites),
            ("roll", "back", .rollback), ("rolling", "back", .rollback), ("undo", "changes", .rollback),
            ("reverting", "changes", .rollback),
        ]
        return pairs.map { (Word($0.0), Word($0.1), $0.2) }
    }()

    /// A lower-cased word of up to 16 bytes packed into two integers, so comparing it with the
    /// words that name roles is two integer comparisons; every heading is asked for its role.
    /// Longer words match none of them.
    private struct Word: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// Digits only.
        var isNumber = true

        static let unused = Word(low: 0, high: 0, isNumber: false)

        init(low: UInt64, high: UInt64, isNumber: Bool) {
            self.low = low
            self.high = high
            self.isNumber = isNumber
        }

        /// `bytes`, already lower-case word bytes.
        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(bytes.count <= 16, "a packed word holds at most 16 bytes")
            for (index, byte) in bytes.enumerated() {
                if index < 8 { low |= UInt64(byte) << (8 * index) } else { high |= UInt64(byte) << (8 * (index - 8)) }
                if byte < 0x30 || byte > 0x39 { isNumber = false }
            }
        }

        init(_ text: String) {
            var text = text
            self = text.withUTF8 { Word($0) }
        }
    }

    /// The first four words of a heading, lower-cased ASCII: runs of letters, digits and `-`.
    private struct LeadingWords {
        private var words: (Word, Word, Word, Word) = (.unused, .unused, .unused, .unused)
        private var count = 0
        private var firstIndex = 0

        init(_ title: String) {
            var title = title
            title.withUTF8 { bytes in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { scratch in
                    var length = 0
                    var inWord = false
                    var allDigits = true
                    for index in 0...bytes.count {
                        let byte: UInt8 = index < bytes.count ? bytes[index] : 0x20
                        let isWordByte =
                            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                            || byte == 0x2D
                        if isWordByte {
                            if length < 16 { scratch[length] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
                            length += 1
                            allDigits = allDigits && byte >= 0x30 && byte <= 0x39
                            inWord = true
                        } else if inWord {
                            append(
                                length <= 16
                                    ? Word(UnsafeBufferPointer(rebasing: scratch[..<length]))
                                    : Word(low: .max, high: .max, isNumber: allDigits))
                            length = 0
                            inWord = false
                            allDigits = true
                            if count == 4 { return }
                        }
                    }
                }
            }
        }

        private mutating func append(_ word: Word) {
            switch count {
            case 0: words.0 = word
            case 1: words.1 = word
            case 2: words.2 = word
            default: words.3 = word
            }
            count += 1
        }

        var first: Word? { word(firstIndex) }
        var second: Word? { word(firstIndex + 1) }
        mutating func removeFirst() { firstIndex += 1 }

        private func word(_ index: Int) -> Word? {
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
