import RunbookBytes
import RunbookDocument

/// Reads a fenced block's info string: the language and its attributes.
///
/// Accepted forms, all on the opening fence:
/// - `bash {id=check-pool confirm="type the pool name" timeout=5m}` (runbook's own),
/// - `bash {#check-pool .destructive}` (Pandoc),
/// - `sh {"name":"x","interactive":"false"}` (Runme's JSON),
/// - `sh { name=update-brew }` and bare `key=value` words after the language.
struct InfoStringParser {
    struct Result {
        var language: String
        var attributes: Attributes
        /// A sentence explaining why the attributes could not be read, when they could not.
        var problem: String?
    }

    static func parse(_ info: String) -> Result {
        if let result = parseASCII(info) { return result }
        let trimmed = info.trimmingWhitespace()
        let languageEnd = trimmed.firstIndex { $0 == " " || $0 == "\t" || $0 == "{" } ?? trimmed.endIndex
        let language = String(trimmed[..<languageEnd]).lowercased()
        var rest = trimmed[languageEnd...].trimmingWhitespace()
        if rest.isEmpty { return Result(language: language, attributes: Attributes(), problem: nil) }
        if rest.hasPrefix("{") {
            guard rest.hasSuffix("}") else { return unclosedBrace(language: language) }
            let inner = rest.dropFirst().dropLast().trimmingWhitespace()
            if inner.hasPrefix("\"") {
                return parseJSON("{\(inner)}", language: language)
            }
            rest = inner
        }
        return parseWords(rest, language: language)
    }

    /// `parse` for an ASCII info string, as nearly every one is, with the language and the
    /// braces found on bytes; nil for other text. For ASCII text bytes are Characters, so the
    /// result is what the general path gives, without its Character scans and Substrings.
    private static func parseASCII(_ info: String) -> Result? {
        var info = info
        return info.withUTF8 { bytes -> Result? in
            var start = 0, end = bytes.count
            for byte in bytes where byte >= 0x80 { return nil }
            while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
            while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
            var languageEnd = start
            while languageEnd < end, bytes[languageEnd] != 0x20, bytes[languageEnd] != 0x09, bytes[languageEnd] != 0x7B
            {
                languageEnd += 1
            }
            let language = String(unsafeUninitializedCapacity: languageEnd - start) { buffer in
                for index in start..<languageEnd {
                    let byte = bytes[index]
                    buffer[index - start] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return languageEnd - start
            }
            var restStart = languageEnd
            var restEnd = end
            while restStart < restEnd, isASCIIWhitespace(bytes[restStart]) { restStart += 1 }
            if restStart == restEnd { return Result(language: language, attributes: Attributes(), problem: nil) }
            if bytes[restStart] == 0x7B {
                guard restEnd - restStart >= 2, bytes[restEnd - 1] == 0x7D else {
                    return unclosedBrace(language: language)
                }
                restStart += 1
                restEnd -= 1
                while restStart < restEnd, isASCIIWhitespace(bytes[restStart]) { restStart += 1 }
                while restEnd > restStart, isASCIIWhitespace(bytes[restEnd - 1]) { restEnd -= 1 }
                if restStart < restEnd, bytes[restStart] == 0x22 {
                    let inner = UnsafeBufferPointer(rebasing: bytes[restStart..<restEnd])
                    let object = String(unsafeUninitializedCapacity: inner.count + 2) { buffer in
                        buffer[0] = 0x7B
                        _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: inner)
                        buffer[inner.count + 1] = 0x7D
                        return inner.count + 2
                    }
                    return parseJSON(object, language: language)
                }
            }
            return parseWords(UnsafeBufferPointer(rebasing: bytes[restStart..<restEnd]), language: language)
        }
    }

    /// `parseWords(_:language:)` over ASCII bytes: the same result without a Character (and
    /// its grapheme breaking) per byte, which cost ten thousand instructions per info string.
    private static func parseWords(_ bytes: UnsafeBufferPointer<UInt8>, language: String) -> Result {
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        func wordEnd(from start: Int) -> Int {
            var end = start
            while end < bytes.count, !isASCIIWhitespace(bytes[end]) { end += 1 }
            return end
        }
        var entries: [Attributes.Entry] = []
        var classes: [String] = []
        var index = 0
        while true {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x2C {
                index += 1
            }
            guard index < bytes.count else { break }
            // `#id` and `.class`.
            if bytes[index] == 0x23 || bytes[index] == 0x2E {
                let end = wordEnd(from: index + 1)
                if bytes[index] == 0x23 {
                    entries.append(.init(key: "id", value: text(index + 1..<end)))
                } else {
                    classes.append(text(index + 1..<end))
                }
                index = end
                continue
            }
            var keyEnd = index
            while keyEnd < bytes.count, !isASCIIWhitespace(bytes[keyEnd]), bytes[keyEnd] != 0x3D { keyEnd += 1 }
            guard keyEnd > index else {
                return Result(
                    language: language, attributes: Attributes(entries),
                    problem: "an attribute has no name before '='")
            }
            let key = text(index..<keyEnd)
            index = keyEnd
            guard index < bytes.count, bytes[index] == 0x3D else {
                entries.append(.init(key: key, value: "true"))
                continue
            }
            index += 1
            if index < bytes.count, bytes[index] == 0x22 || bytes[index] == 0x27 {
                let quote = bytes[index]
                index += 1
                var value: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == 0x5C, index < bytes.count, bytes[index] == quote || bytes[index] == 0x5C {
                        value.append(bytes[index])
                        index += 1
                    } else if byte == quote {
                        closed = true
                        break
                    } else {
                        value.append(byte)
                    }
                }
                guard closed else {
                    return Result(
                        language: language, attributes: Attributes(entries),
                        problem: "the quoted value of '\(key)' is never closed")
                }
                entries.append(.init(key: key, value: String(decoding: value, as: UTF8.self)))
            } else {
                let end = wordEnd(from: index)
                entries.append(.init(key: key, value: text(index..<end)))
                index = end
            }
        }
        if !classes.isEmpty { entries.append(.init(key: "class", value: classes.joined(separator: " "))) }
        return Result(language: language, attributes: Attributes(entries), problem: nil)
    }

    private static func unclosedBrace(language: String) -> Result {
        Result(
            language: language, attributes: Attributes(),
            problem: "the attribute list opened with '{' is never closed with '}'")
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

    private static func parseJSON(_ json: String, language: String) -> Result {
        guard let pairs = FlatJSONObject.parse(json) else {
            return Result(
                language: language, attributes: Attributes(),
                problem: "the attributes look like JSON but are not a JSON object of strings, numbers and booleans")
        }
        // Keep the order written; a repeated key keeps its last value, as JSON parsers do.
        return Result(
            language: language, attributes: Attributes(pairs.map { Attributes.Entry(key: $0.0, value: $0.1) }),
            problem: nil)
    }

    private static func parseWords(_ text: String, language: String) -> Result {
        var entries: [Attributes.Entry] = []
        var scanner = Substring(text)
        var classes: [String] = []
        while true {
            scanner = scanner.drop { $0 == " " || $0 == "\t" || $0 == "," }
            guard !scanner.isEmpty else { break }
            if scanner.first == "#" {
                let word = scanner.dropFirst().prefix { !$0.isWhitespace }
                entries.append(.init(key: "id", value: String(word)))
                scanner = scanner.dropFirst(word.count + 1)
                continue
            }
            if scanner.first == "." {
                let word = scanner.dropFirst().prefix { !$0.isWhitespace }
                classes.append(String(word))
                scanner = scanner.dropFirst(word.count + 1)
                continue
            }
            let key = scanner.prefix { !$0.isWhitespace && $0 != "=" }
            scanner = scanner.dropFirst(key.count)
            guard !key.isEmpty else {
                return Result(
                    language: language, attributes: Attributes(entries),
                    problem: "an attribute has no name before '='")
            }
            guard scanner.first == "=" else {
                entries.append(.init(key: String(key), value: "true"))
                continue
            }
            scanner = scanner.dropFirst()
            if let quote = scanner.first, quote == "\"" || quote == "'" {
                scanner = scanner.dropFirst()
                var value = ""
                var closed = false
                while let character = scanner.first {
                    scanner = scanner.dropFirst()
                    if character == "\\", let next = scanner.first, next == quote || next == "\\" {
                        value.append(next)
                        scanner = scanner.dropFirst()
                    } else if character == quote {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else {
                    return Result(
                        language: language, attributes: Attributes(entries),
                        problem: "the quoted value of '\(key)' is never closed")
                }
                entries.append(.init(key: String(key), value: value))
            } else {
                let value = scanner.prefix { !$0.isWhitespace }
                scanner = scanner.dropFirst(value.count)
                entries.append(.init(key: String(key), value: String(value)))
            }
        }
        if !classes.isEmpty { entries.append(.init(key: "class", value: classes.joined(separator: " "))) }
        return Result(language: language, attributes: Attributes(entries), problem: nil)
    }
}
