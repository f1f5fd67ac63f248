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

    /// A lowercase, dash-separated id from free text, at most `maxWords` words: runs of ASCII
    /// letters and digits, written straight into the result (it is never longer than `text`).
    static func slug(_ text: String, maxWords: Int = 6) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var count = 0
                var words = 0
                var inWord = false
                for byte in bytes {
                    let lowered = byte | 0x20
                    guard (byte >= 0x30 && byte <= 0x39) || (lowered >= 0x61 && lowered <= 0x7A) else {
                        inWord = false
                        continue
                    }
                    if !inWord {
                        if words == maxWords { break }
                        if words > 0 { buffer[count] = 0x2D; count += 1 }
                        words += 1
                        inWord = true
                    }
                    buffer[count] = byte >= 0x41 && byte <= 0x5A ? lowered : byte
                    count += 1
                }
                return count
            }
        }
    }

    /// The name Runme gives a cell without one, from its first command line: the text before
    /// an `=` (a variable being set), at most 32 characters, its first two words, lower-cased,
    /// letters and digits only, joined by `-` (`echo "Hello, runme!"` → `echo-hello`).
    /// Nil when nothing is left.
    static func runmeName(forCommand command: String) -> String? {
        // Bytes, as Runme's Go code slices them; only the first non-blank line is read.
        var command = command
        return command.withUTF8 { bytes -> String? in
            guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A }) else { return nil }
            // Only the first 32 bytes can be kept, so the line's end and its `=` are looked for
            // there: a long first line is not read to its end.
            let limit = min(bytes.endIndex, start + 32)
            var end = start
            while end < limit && bytes[end] != 0x0A { end += 1 }
            if let equals = bytes[start..<end].firstIndex(of: 0x3D), equals > start { end = equals }
            var name: [UInt8] = []
            name.reserveCapacity(end - start)
            var spaces = 0
            for byte in bytes[start..<end] {
                if byte == 0x20 {
                    spaces += 1
                    if spaces == 2 { break }
                    if !name.isEmpty { name.append(0x2D) }
                } else if byte >= 0x30 && byte <= 0x39 || byte >= 0x61 && byte <= 0x7A {
                    name.append(byte)
                } else if byte >= 0x41 && byte <= 0x5A {
                    name.append(byte | 0x20)
                }
            }
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
    }
}
