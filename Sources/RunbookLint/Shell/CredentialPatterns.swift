import Foundation

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

    /// Credential formats in any text: (description, 0-based line, 1-based column).
    static func tokens(in text: String) -> [(String, Int, Int)] {
        var found: [(String, Int, Int)] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(line.utf8)
            if line.contains("PRIVATE KEY-----"), let start = line.range(of: "-----BEGIN") {
                found.append(("a private key", lineIndex, line[..<start.lowerBound].utf8.count + 1))
                continue
            }
            for entry in prefixes {
                guard let first = entry.prefix.utf8.first, bytes.contains(first) else { continue }
                let needle = Array(entry.prefix.utf8)
                var index = 0
                while index + needle.count <= bytes.count {
                    if bytes[index] == first, Array(bytes[index..<(index + needle.count)]) == needle,
                       index == 0 || !bytes[index - 1].isTokenCharacter {
                        var end = index + needle.count
                        while end < bytes.count, bytes[end].isTokenCharacter { end += 1 }
                        let body = bytes[(index + needle.count)..<end]
                        if body.count >= entry.minimum, !isPlaceholder(String(decoding: body, as: UTF8.self)) {
                            found.append((entry.what, lineIndex, index + 1))
                            break
                        }
                        index = end
                    } else {
                        index += 1
                    }
                }
            }
        }
        return found
    }

    /// Name fragments that mark a variable or option as holding a credential.
    private static let credentialNames = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY"]
    /// Name endings that hold where a credential is, not the credential.
    private static let referenceSuffixes = ["_FILE", "_PATH", "_DIR", "_URL", "_NAME", "_ID", "_REF", "_ENV", "_KEY_ID"]
    private static let credentialOptions: Set<String> = ["--password", "--passwd", "--token", "--secret", "--api-key", "--access-key", "--client-secret"]

    /// Literal credentials in shell: assignments, `--password value`, `user:pass@` URLs,
    /// `Authorization:` headers. Returns (description, byte offset).
    static func shellCredentials(in analysis: ShellAnalysis) -> [(String, Int)] {
        var found: [(String, Int)] = []
        for assignment in analysis.assignments {
            guard let value = assignment.value, isCredentialName(assignment.name), isLiteral(value) else { continue }
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
                } else if let password = urlPassword(in: text), !isPlaceholder(password), !password.contains("$") {
                    found.append(("a password in a URL", word.offset))
                } else if let header = authorizationValue(in: text), !header.contains("$"), !isPlaceholder(header), header.count >= 8 {
                    found.append(("an Authorization header", word.offset))
                }
            }
        }
        return found
    }

    private static func isCredentialName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return credentialNames.contains { upper.contains($0) } && !referenceSuffixes.contains { upper.hasSuffix($0) }
    }

    private static func isLiteral(_ word: ShellAnalysis.Word) -> Bool {
        !word.hasExpansion && word.text.count >= 4 && !isPlaceholder(word.text)
    }

    /// Values people write instead of a real credential.
    static func isPlaceholder(_ value: String) -> Bool {
        let lowered = value.lowercased()
        if let first = lowered.first, "<{[$%*(.".contains(first) { return true }
        if Set(lowered).count <= 2 { return true }  // xxxx, ****, 0000
        let markers = ["example", "your", "xxx", "changeme", "change-me", "redacted", "placeholder", "dummy", "...",
                       "…", "secret", "password", "token", "true", "false", "none", "null", "replace", "insert", "fake", "test"]
        return markers.contains { lowered.contains($0) }
    }

    /// The password of `scheme://user:password@host`.
    private static func urlPassword(in text: String) -> String? {
        guard let scheme = text.range(of: "://") else { return nil }
        let rest = text[scheme.upperBound...]
        guard let at = rest.firstIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return nil }
        let password = rest[rest.index(after: colon)..<at]
        guard !password.contains("/") else { return nil }
        return password.isEmpty ? nil : String(password)
    }

    /// The credential of `Authorization: Bearer value` / `Basic value`.
    private static func authorizationValue(in text: String) -> String? {
        guard let header = text.range(of: "authorization:", options: .caseInsensitive) else { return nil }
        let value = text[header.upperBound...].split(separator: " ").map(String.init)
        guard value.count >= 2, ["bearer", "basic", "token"].contains(value[0].lowercased()) else { return nil }
        return value[1]
    }
}

private extension UInt8 {
    var isTokenCharacter: Bool { isNameCharacter || self == .dash }
}
