import Foundation
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
        let trimmed = info.trimmingBlanks()
        let languageEnd = trimmed.firstIndex { $0 == " " || $0 == "\t" || $0 == "{" } ?? trimmed.endIndex
        let language = String(trimmed[..<languageEnd]).lowercased()
        var rest = trimmed[languageEnd...].trimmingBlanks()
        if rest.isEmpty { return Result(language: language, attributes: Attributes(), problem: nil) }
        if rest.hasPrefix("{") {
            guard rest.hasSuffix("}") else {
                return Result(language: language, attributes: Attributes(),
                              problem: "the attribute list opened with '{' is never closed with '}'")
            }
            let inner = rest.dropFirst().dropLast().trimmingBlanks()
            if inner.hasPrefix("\"") {
                return parseJSON("{\(inner)}", language: language)
            }
            rest = inner
        }
        return parseWords(rest, language: language)
    }

    private static func parseJSON(_ json: String, language: String) -> Result {
        guard let object = try? JSONDecoder().decode([String: JSONScalar].self, from: Data(json.utf8)) else {
            return Result(language: language, attributes: Attributes(),
                          problem: "the attributes look like JSON but are not a valid JSON object of strings, numbers and booleans")
        }
        // JSON objects are unordered; sort keys so the model is the same on every run.
        let entries = object.keys.sorted().map { Attributes.Entry(key: $0, value: object[$0]!.text) }
        return Result(language: language, attributes: Attributes(entries), problem: nil)
    }

    /// A JSON attribute value; Runme writes them all as strings, but hand-written files do not.
    private struct JSONScalar: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let flag = try? container.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else if let integer = try? container.decode(Int.self) {
                text = String(integer)
            } else {
                text = String(try container.decode(Double.self))
            }
        }
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
                return Result(language: language, attributes: Attributes(entries),
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
                    return Result(language: language, attributes: Attributes(entries),
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

extension StringProtocol {
    /// The same as `trimmingCharacters(in: .whitespaces)` (spaces, tabs and other Unicode space
    /// separators), without bridging to NSString: this runs for every code block of every file.
    func trimmingBlanks() -> String {
        func isBlank(_ character: Character) -> Bool {
            character == " " || character == "\t"
                || (character.unicodeScalars.count == 1 && character.unicodeScalars.first!.properties.generalCategory == .spaceSeparator)
        }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
