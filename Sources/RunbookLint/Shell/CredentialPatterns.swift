import Foundation
import RunbookBytes
import RunbookDocument

/// Recognisers for credentials written into text: well-known token formats anywhere, and
/// password-like assignments and options in shell commands.
enum CredentialPatterns {
    /// Token formats with a fixed prefix, and how many token characters must follow.
    private static let prefixes: [(prefix: String, minimum: Int, what: String)] = [
        ("AKIA", 16, "an AWS access key"), ("ASIA", 16, "an AWS access key"),
        ("ghp_", 30, "a GitHub token"), ("gho_", 30, "a GitHub token"), ("ghs_", 30, "a GitHub token"),
        ("ghu_", 30, "a GitHub token"), ("github_pat_", 30, "a GitHub token"), ("glpat-", 20, "a GitLab token"),
        ("xoxb-", 20, "a Slack token"), ("xoxp-", 20, "a Slack token"), ("sk_live_", 20, "a Stripe key"),
    ]

    private static let privateKeyMarker = Array("PRIVATE KEY-----".utf8)
    private static let beginMarker = Array("-----BEGIN".utf8)
    private static let prefixBytes = prefixes.map { Array($0.prefix.utf8) }
    /// First bytes of every token prefix: most blocks hold none of them next to a word start.
    private static let prefixStarts = Set(prefixBytes.map { $0[0] })

    /// Credential formats in any text: (description, 0-based line, 1-based column). Works on
    /// bytes in one pass, since every code block of every file goes through it.
    static func tokens(in text: String) -> [(String, Int, Int)] {
        var found: [(String, Int, Int)] = []
        var line = 0
        var lineStart = 0
        var reportedLine = -1
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.newline {
                line += 1
                lineStart = index + 1
            } else if line != reportedLine, index == 0 || !bytes[index - 1].isTokenCharacter {
                if byte == ASCII.minus, bytes.hasPrefix(beginMarker, at: index),
                    bytes.containsOnLine(privateKeyMarker, from: index)
                {
                    found.append(("a private key", line, index - lineStart + 1))
                    reportedLine = line
                } else if prefixStarts.contains(byte) {
                    for (entry, prefix) in zip(prefixes, prefixBytes) where bytes.hasPrefix(prefix, at: index) {
                        var end = index + prefix.count
                        while end < bytes.count, bytes[end].isTokenCharacter { end += 1 }
                        let body = String(decoding: bytes[(index + prefix.count)..<end], as: UTF8.self)
                        if end - index - prefix.count >= entry.minimum, !isPlaceholder(body) {
                            found.append((entry.what, line, index - lineStart + 1))
                            reportedLine = line
                        }
                        break
                    }
                }
            }
            index += 1
        }
        return found
    }

    private static let credentialOptions: Set<String> = [
        "--password", "--passwd", "--token", "--secret", "--api-key", "--access-key", "--client-secret",
    ]

    /// Literal credentials in shell: assignments, `--password value`, `user:pass@` URLs,
    /// `Authorization:` headers. Returns (description, byte offset).
    static func shellCredentials(in analysis: ShellAnalysis) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for assignment in analysis.assignments {
            guard let value = assignment.value, CredentialName.looksSecret(assignment.name), isLiteral(value) else {
                continue
            }
            found.append(("the credential '\(assignment.name)'", assignment.offset))
        }
        for command in analysis.commands {
            let words = command.words
            for (index, word) in words.enumerated() {
                let text = word.text
                if let equals = text.firstIndex(of: "="), credentialOptions.contains(String(text[..<equals])) {
                    var value = word
                    value.text = String(text[text.index(after: equals)...])
                    if isLiteral(value) { found.append(("a '\(text[..<equals])' value", word.offset)) }
                } else if credentialOptions.contains(text), index + 1 < words.count, isLiteral(words[index + 1]) {
                    found.append(("a '\(text)' value", words[index + 1].offset))
                } else if text.utf8.contains(ASCII.at), let (user, password) = urlCredentials(in: text),
                    !isPlaceholder(password),
                    !isObviousExample(password), password != user, !password.contains("$")
                {
                    found.append(("a password in a URL", word.offset))
                } else if let header = authorizationValue(in: text), !header.contains("$"), !isPlaceholder(header),
                    header.count >= 8
                {
                    found.append(("an Authorization header", word.offset))
                }
            }
        }
        return found
    }

    private static func isLiteral(_ word: ShellAnalysis.Word) -> Bool {
        !word.hasExpansion && word.text.count >= 4 && !isPlaceholder(word.text) && !isObviousExample(word.text)
    }

    /// Values no one uses as a real credential, written to show where one goes: short digit
    /// runs (`12345`), and well-known sample words (`something`, `foobar`, `newpass`).
    static func isObviousExample(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if lowered.allSatisfy(\.isNumber), lowered.count <= 8 || "01234567890123456789".contains(lowered) {
            return true
        }
        return exampleWords.contains(lowered)
    }

    private static let exampleWords: Set<String> = [
        "something", "somevalue", "somepass", "foo", "bar", "baz", "foobar", "foobarbaz", "qux", "abc", "abc123",
        "abcd", "abcdef",
        "abcd1234", "asdf", "asdfgh", "qwerty", "qwerty123", "letmein", "welcome", "hello", "helloworld", "admin",
        "admin123",
        "root", "toor", "pass", "pass123", "newpass", "oldpass", "mypass", "yourpass", "passw0rd", "p4ssw0rd", "guest",
        "user",
        "username", "sample", "demo", "default", "value", "string", "pwd", "postgres", "mysql", "redis", "s3cr3t",
        "hunter2",
        "opensesame", "supersecret", "topsecret", "verysecret",
    ]

    /// Values people write instead of a real credential.
    static func isPlaceholder(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if let first = lowered.first, "<{[$%*(.".contains(first) { return true }
        if Set(lowered).count <= 2 { return true } // xxxx, ****, 0000
        let markers = [
            "example", "your", "xxx", "changeme", "change-me", "redacted", "placeholder", "dummy", "...",
            "…", "secret", "password", "token", "true", "false", "none", "null", "replace", "insert", "fake", "test",
        ]
        return markers.contains { lowered.contains($0) }
    }

    /// The user and password of `scheme://user:password@host`.
    private static func urlCredentials(in text: String) -> (user: String, password: String)? {
        let bytes = Array(text.utf8)
        guard let scheme = bytes.firstRange(of: Array("://".utf8)) else { return nil }
        let rest = bytes[scheme.upperBound...]
        guard let at = rest.firstIndex(of: ASCII.at), let colon = rest[..<at].firstIndex(of: ASCII.colon) else {
            return nil
        }
        let password = rest[(colon + 1)..<at]
        guard !password.isEmpty, !password.contains(UInt8(ascii: "/")) else { return nil }
        return (String(decoding: rest[..<colon], as: UTF8.self), String(decoding: password, as: UTF8.self))
    }

    /// The credential of `Authorization: Bearer value` / `Basic value`.
    private static func authorizationValue(in text: String) -> String? {
        // Cheap test first: this runs on every word of every command.
        guard text.utf8.count > 14, text.utf8.contains(ASCII.colon),
            let header = text.range(of: "authorization:", options: .caseInsensitive)
        else { return nil }
        let value = text[header.upperBound...].split(separator: " ").map(String.init)
        guard value.count >= 2, ["bearer", "basic", "token"].contains(value[0].lowercased()) else { return nil }
        return value[1]
    }
}

extension UInt8 {
    fileprivate var isTokenCharacter: Bool { isNameCharacter || self == ASCII.minus }
}

extension Array where Element == UInt8 {
    fileprivate func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= count else { return false }
        for offset in 0..<prefix.count where self[index + offset] != prefix[offset] { return false }
        return true
    }

    /// True when `needle` occurs between `start` and the end of its line.
    fileprivate func containsOnLine(_ needle: [UInt8], from start: Int) -> Bool {
        var index = start
        while index < count, self[index] != ASCII.newline {
            if hasPrefix(needle, at: index) { return true }
            index += 1
        }
        return false
    }
}
