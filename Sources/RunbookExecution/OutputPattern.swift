/// One expected output line, read with cram's annotations (see `OutputMatcher`).
struct OutputPattern: @unchecked Sendable {
    enum Kind {
        case literal([UInt8])
        case wildcard
        case regex(Regex<AnyRegexOutput>)
        case glob([Unicode.Scalar])
    }

    /// The line as written, for cram's literal fallback and for diffs.
    let written: String
    private let writtenBytes: [UInt8]
    let kind: Kind
    /// ` (no-eol)`: the output line has no line feed after it.
    let lacksLineFeed: Bool

    init(_ line: String, variables: [String: String] = [:]) {
        written = line
        writtenBytes = Array(line.utf8)
        if line == "..." {
            kind = .wildcard
            lacksLineFeed = false
            return
        }
        // Annotations come at the end in either order: `foo (no-eol) (esc)` (as cram writes
        // it) or `foo (esc) (no-eol)`.
        var body = Substring(line)
        var noEOL = false
        var annotation: Substring?
        while true {
            if !noEOL, body.hasSuffix(" (no-eol)") {
                noEOL = true
                body = body.dropLast(9)
            } else if annotation == nil,
                let found = [" (re)", " (glob)", " (esc)"].first(where: { body.hasSuffix($0) })
            {
                annotation = Substring(found)
                body = body.dropLast(found.count)
            } else {
                break
            }
        }
        lacksLineFeed = noEOL
        switch annotation {
        case " (re)":
            // A pattern that does not compile is compared as the text it is, so the author sees it fail.
            if let regex = try? Regex(String(body)) { kind = .regex(regex) } else { kind = .literal(Array(line.utf8)) }
        case " (glob)": kind = .glob(Array(OutputPattern.expand(body, variables, escaping: "*?\\").unicodeScalars))
        case " (esc)": kind = .literal(OutputPattern.unescape(body))
        default: kind = .literal(Array(OutputPattern.expand(body, variables, escaping: "").utf8))
        }
    }

    var isWildcard: Bool {
        if case .wildcard = kind { return true }
        return false
    }

    var display: String { written }

    func matches(_ line: OutputLine) -> Bool {
        if isWildcard { return true }
        // cram's literal fallback: the line as written, annotations included.
        if line.hasLineFeed, writtenBytes == line.bytes { return true }
        guard lacksLineFeed == !line.hasLineFeed else { return false }
        switch kind {
        case .wildcard: return true
        case .literal(let bytes): return bytes == line.bytes
        case .regex(let regex): return (try? regex.wholeMatch(in: line.text)) != nil
        case .glob(let pattern): return OutputPattern.glob(pattern[...], Array(line.text.unicodeScalars)[...])
        }
    }

    /// `text` with `$NAME` and `${NAME}` replaced by the values of the names in `variables`
    /// (each character of `escaping` in a value preceded by a backslash); any other `$` is
    /// itself.
    static func expand(_ text: Substring, _ variables: [String: String], escaping: String) -> String {
        guard !variables.isEmpty, text.contains("$") else { return String(text) }
        func isNameCharacter(_ character: Character, first: Bool) -> Bool {
            character.isASCII && (character.isLetter || character == "_" || (!first && character.isNumber))
        }
        var result = ""
        var rest = text
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let braced = after.first == "{"
            if braced { after = after.dropFirst() }
            var name = ""
            while let next = after.first, isNameCharacter(next, first: name.isEmpty) {
                name.append(next)
                after = after.dropFirst()
            }
            if let value = variables[name], !name.isEmpty, !braced || after.first == "}" {
                if braced { after = after.dropFirst() }
                for character in value {
                    if escaping.contains(character) { result.append("\\") }
                    result.append(character)
                }
                rest = after
            } else {
                result.append("$")
                rest = rest[rest.index(after: dollar)...]
            }
        }
        return result + rest
    }

    /// cram's glob: `*` any text, `?` one character, `\*` `\?` `\\` the character itself.
    static func glob(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var pattern = pattern, text = text
        while let first = pattern.first {
            switch first {
            case "*":
                let rest = pattern.dropFirst()
                if rest.isEmpty { return true }
                var candidate = text
                while true {
                    if glob(rest, candidate) { return true }
                    if candidate.isEmpty { return false }
                    candidate = candidate.dropFirst()
                }
            case "?":
                guard !text.isEmpty else { return false }
                pattern = pattern.dropFirst()
                text = text.dropFirst()
            default:
                var literal = first
                pattern = pattern.dropFirst()
                if first == "\\", let next = pattern.first, next == "*" || next == "?" || next == "\\" {
                    literal = next
                    pattern = pattern.dropFirst()
                }
                guard text.first == literal else { return false }
                text = text.dropFirst()
            }
        }
        return text.isEmpty
    }

    /// The bytes an ` (esc)` line stands for: `\xNN`, `\NNN` (octal), `\t`, `\r`, `\n`, `\0`,
    /// `\a`, `\b`, `\f`, `\v`, `\\`, `\'`, `\"`; any other backslash is itself.
    static func unescape(_ text: Substring) -> [UInt8] {
        let source = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        while index < source.count {
            let byte = source[index]
            guard byte == 0x5C, index + 1 < source.count else {
                bytes.append(byte)
                index += 1
                continue
            }
            let next = source[index + 1]
            index += 2
            switch next {
            case UInt8(ascii: "x"):
                if index + 1 < source.count, let high = hexValue(source[index]), let low = hexValue(source[index + 1]) {
                    bytes.append(high << 4 | low)
                    index += 2
                } else {
                    bytes += [0x5C, next]
                }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(next - 0x30)
                var digits = 1
                while digits < 3, index < source.count, (0x30...0x37).contains(source[index]) {
                    value = value * 8 + Int(source[index] - 0x30)
                    index += 1
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case 0x5C, UInt8(ascii: "'"), UInt8(ascii: "\""): bytes.append(next)
            default: bytes += [0x5C, next]
            }
        }
        return bytes
    }
}
