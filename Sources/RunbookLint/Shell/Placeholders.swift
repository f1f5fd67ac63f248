import RunbookBytes

/// Text an author left for the reader to fill in: `<service-name>`, `<NAMESPACE>`,
/// `YOUR_TOKEN_HERE`, `your-project-id`. Such a command cannot run as written, and shell reads
/// `<name>` as two redirections, so shellcheck's findings on that line only add noise.
enum Placeholders {
    /// One placeholder: its text and the byte offset where it starts in the script.
    struct Match: Hashable {
        var text: String
        var offset: Int
    }

    /// Every placeholder in a step's shell text, outside `#` comment lines. `<name>` counts
    /// only where a word starts, and not when `</name` closes it later (markup in a here-document
    /// or an `echo`).
    static func find(in text: [UInt8]) -> [Match] {
        var found: [Match] = []
        var lineStart = 0
        while lineStart < text.count {
            var lineEnd = lineStart
            while lineEnd < text.count, text[lineEnd] != ASCII.newline { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, text[first] == ASCII.space || text[first] == ASCII.tab { first += 1 }
            if first < lineEnd, text[first] != ASCII.hash {
                found += angleBracketed(in: text, from: first, to: lineEnd)
                found += fillInWords(in: text, from: first, to: lineEnd)
            }
            lineStart = lineEnd + 1
        }
        return found.sorted { $0.offset < $1.offset }
    }

    /// The 0-based script lines holding a placeholder.
    static func lines(in text: [UInt8]) -> Set<Int> {
        var lines = Set<Int>()
        var line = 0
        var next = 0
        for match in find(in: text) {
            while next < match.offset {
                if text[next] == ASCII.newline { line += 1 }
                next += 1
            }
            lines.insert(line)
        }
        return lines
    }

    /// `text` with the brackets of every `<name>` placeholder turned into `_`, so shellcheck
    /// parses the line as words instead of failing on two redirections and skipping the rest.
    /// Lengths and columns are unchanged.
    static func masked(_ text: [UInt8]) -> [UInt8] {
        var text = text
        for match in find(in: text) where text[match.offset] == ASCII.lessThan {
            text[match.offset] = UInt8(ascii: "_")
            text[match.offset + match.text.utf8.count - 1] = UInt8(ascii: "_")
        }
        return text
    }

    /// The variable name a placeholder suggests: `<service-name>` → `SERVICE_NAME`,
    /// `YOUR_TOKEN_HERE` → `TOKEN`; nil for a description such as `<value of the label>`.
    static func variableName(for placeholder: String) -> String? {
        if let name = asciiVariableName(for: placeholder) { return name }
        var body = placeholder.uppercased()
        if body.hasPrefix("<"), body.hasSuffix(">") { body = String(body.dropFirst().dropLast()) }
        for prefix in ["YOUR_", "YOUR-"] where body.hasPrefix(prefix) { body = String(body.dropFirst(prefix.count)) }
        for suffix in ["_HERE", "-HERE"] where body.hasSuffix(suffix) { body = String(body.dropLast(suffix.count)) }
        guard body.split(separator: " ").count <= 2 else { return nil }
        let name = String(body.map { $0.isLetter || $0.isNumber ? $0 : "_" })
        guard let first = name.first, first.isLetter, name != "REPLACE_ME" else { return nil }
        return name
    }

    /// `variableName(for:)` for an ASCII placeholder, on its bytes; nil for any other, which
    /// takes the Character path.
    private static func asciiVariableName(for placeholder: String) -> String?? {
        guard placeholder.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var body = placeholder.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }[...]
        if body.first == ASCII.lessThan, body.last == ASCII.greaterThan {
            body = body.dropFirst().dropLast()
        }
        for prefix in ["YOUR_", "YOUR-"] where body.starts(with: prefix.utf8) {
            body = body.dropFirst(prefix.utf8.count)
        }
        for suffix in ["_HERE", "-HERE"] where body.reversed().starts(with: suffix.utf8.reversed()) {
            body = body.dropLast(suffix.utf8.count)
        }
        guard body.split(separator: ASCII.space).count <= 2 else { return .some(nil) }
        let name = body.map { byte -> UInt8 in
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") || byte >= ASCII.zero && byte <= ASCII.nine
                ? byte : UInt8(ascii: "_")
        }
        guard let first = name.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return .some(nil) }
        let text = String(decoding: name, as: UTF8.self)
        return .some(text == "REPLACE_ME" ? nil : text)
    }

    /// Characters where a word may start before `<`: `-n <ns>`, `--name=<x>`, `user:<pw>@`, `'<token>'`.
    private static let wordStarts: Set<UInt8> = [
        ASCII.space, ASCII.tab, ASCII.apostrophe, ASCII.quote, ASCII.equals, ASCII.colon, ASCII.slash, ASCII.comma,
        ASCII.leftParenthesis, ASCII.at,
    ]

    private static func angleBracketed(in text: [UInt8], from start: Int, to end: Int) -> [Match] {
        var found: [Match] = []
        var index = start
        while index < end {
            defer { index += 1 }
            guard text[index] == ASCII.lessThan, index == start || wordStarts.contains(text[index - 1]),
                index + 1 < end, text[index + 1].isASCIILetter
            else { continue }
            var close = index + 1
            while close < end, close - index <= 48, text[close].isPlaceholderCharacter { close += 1 }
            // `<in.txt >out.txt` is two redirections: a placeholder neither ends in a space nor a slash.
            guard close < end, text[close] == ASCII.greaterThan, text[close - 1] != ASCII.slash,
                text[close - 1] != ASCII.space
            else {
                continue
            }
            let name = Array(text[(index + 1)..<close])
            // `<p>…</p>`, `<config>…</config>`: markup, not a blank to fill in. `<none>`: what
            // kubectl and docker print for an empty column, in pasted output.
            guard !contains(text, [ASCII.lessThan, ASCII.slash] + name),
                !outputMarkers.contains(String(decoding: name, as: UTF8.self))
            else { continue }
            found.append(Match(text: String(decoding: text[index...close], as: UTF8.self), offset: index))
            index = close
        }
        return found
    }

    /// `YOUR_TOKEN_HERE`, `your-project-id`, `REPLACE_ME`: literal words, not `$YOUR_TOKEN`.
    private static let outputMarkers: Set<String> = [
        "none", "unknown", "nil", "null", "pending", "invalid", "no value", "unset",
    ]

    private static func fillInWords(in text: [UInt8], from start: Int, to end: Int) -> [Match] {
        var found: [Match] = []
        var index = start
        while index < end {
            guard text[index].isWordCharacter else { index += 1; continue }
            var wordEnd = index
            while wordEnd < end, text[wordEnd].isWordCharacter { wordEnd += 1 }
            let preceding = index > start ? text[index - 1] : ASCII.space
            let isVariable = preceding == ASCII.dollar || preceding == UInt8(ascii: "{") || preceding == ASCII.lessThan
            if !isVariable, isFillIn(text[index..<wordEnd]) {
                found.append(Match(text: String(decoding: text[index..<wordEnd], as: UTF8.self), offset: index))
            }
            index = wordEnd
        }
        return found
    }

    /// Asked of every word of every script, on its bytes (ASCII letters, digits, `_` and `-`),
    /// compared as if uppercased: no String per word.
    private static func isFillIn(_ word: ArraySlice<UInt8>) -> Bool {
        guard word.count > 5 else { return false }
        if equalsUppercased(word, "REPLACE_ME") || equalsUppercased(word, "REPLACEME")
            || equalsUppercased(word, "REPLACE-ME")
        {
            return true
        }
        // `YOUR_TOKEN`, `your-project-id`: a word that only makes sense as an instruction.
        let head = word.prefix(5), tail = word.suffix(5)
        return equalsUppercased(head, "YOUR_") || equalsUppercased(head, "YOUR-") || equalsUppercased(tail, "_HERE")
            || equalsUppercased(tail, "-HERE")
    }

    /// True when `bytes`, ASCII letters uppercased, are `upper`'s.
    private static func equalsUppercased(_ bytes: ArraySlice<UInt8>, _ upper: StaticString) -> Bool {
        upper.withUTF8Buffer { upper in
            guard bytes.count == upper.count else { return false }
            for (byte, expected) in zip(bytes, upper) {
                let uppercased = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                if uppercased != expected { return false }
            }
            return true
        }
    }

    private static func contains(_ text: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= text.count else { return false }
        for start in 0...(text.count - needle.count) where text[start] == needle[0] {
            if text[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    /// Inside `<…>`: letters, digits, `_ - . /` and spaces (`<your email>`).
    fileprivate var isPlaceholderCharacter: Bool {
        isNameCharacter || self == ASCII.minus || self == 0x2E || self == ASCII.slash || self == ASCII.space
    }
    /// A word for `YOUR_…` matching: letters, digits, `_` and `-`.
    fileprivate var isWordCharacter: Bool { isNameCharacter || self == ASCII.minus }
}
