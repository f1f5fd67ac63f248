/// Derives step ids from headings and task text and keeps them unique within a runbook.
///
/// Ids the author wrote are taken first, so a derived id never steals an explicit one; a
/// repeated id gets `-2`, `-3`, … in document order.
struct StepIdentifiers {
    private var used: Set<String> = []
    /// The next suffix to try per base, so a thousand steps under one heading cost a thousand
    /// claims and not half a million.
    private var nextSuffix: [String: Int] = [:]

    /// Claims `wanted`, or the first free `wanted-N`.
    mutating func claim(_ wanted: String) -> String {
        let base = wanted.isEmpty ? "step" : wanted
        if used.insert(base).inserted { return base }
        var counter = nextSuffix[base, default: 2]
        while !used.insert("\(base)-\(counter)").inserted { counter += 1 }
        nextSuffix[base] = counter + 1
        return "\(base)-\(counter)"
    }

    /// A lowercase, dash-separated id from free text, at most `maxWords` words.
    static func slug(_ text: String, maxWords: Int = 6) -> String {
        var words: [String] = []
        var current = ""
        for byte in text.utf8 {
            let lowered = byte | 0x20
            if (byte >= 0x30 && byte <= 0x39) || (lowered >= 0x61 && lowered <= 0x7A) {
                current.append(Character(Unicode.Scalar(byte >= 0x41 && byte <= 0x5A ? lowered : byte)))
            } else if !current.isEmpty {
                words.append(current)
                current = ""
                if words.count == maxWords { break }
            }
        }
        if !current.isEmpty && words.count < maxWords { words.append(current) }
        return words.joined(separator: "-")
    }

}
