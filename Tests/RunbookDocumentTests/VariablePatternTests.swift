import Foundation
import RunbookDocument
import Testing

@Suite("Variable patterns: the common regex syntax, matched in linear time")
struct VariablePatternTests {
    static let patterns = [
        "^[a-z0-9_.-]+$", "^[0-9 ]*$", "^[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+$", "^[a-z0-9_.-]+(/[A-Za-z0-9_.:-]+)+$",
        "^/dev/disk/by-id/[A-Za-z0-9_.:-]+$", "^[1-9][0-9]*$", "^[0-9]{1,2}$", "^(prod|staging)-\\d{2,}$",
        "\\w+\\s?\\w*", "a.c", "^[^/]+$", "x{3}", "(ab|a)(bc|c)?", "[[:alpha:]]+[[:digit:]]", "\\.tar\\.gz$|\\.zip$",
        "^(?:v)?\\d+\\.\\d+(?<patch>\\.\\d+)?$", "[a\\-z]+", "[a\\]]+", "^$", "a{2,}b?",
    ]
    static let values = [
        "", "tank", "tank/data", "tank/data/x:1", "Tank", "a@b", "12", "123", "0", "10 20", "prod-01", "staging-7",
        "abc", "a-c", "/dev/disk/by-id/ata-X_1", "hello world", "v1.2.3", "1.2", "x.tar.gz", "x.zip", "xxx", "]a",
        "-a-z", "aab", "aaaa", "ab", "abc", "a\nb", "é1", "héllo",
    ]

    @Test("agrees with Swift's Regex.wholeMatch on the patterns runbooks use")
    func agreesWithRegex() throws {
        for pattern in Self.patterns {
            let compiled = try VariablePattern(pattern)
            let reference = try Regex(pattern)
            for value in Self.values {
                let expected = (try? reference.wholeMatch(in: value)) != nil
                #expect(compiled.wholeMatches(value) == expected, "\(pattern) on \(value.debugDescription)")
            }
        }
    }

    @Test(
        "patterns a linear-time matcher cannot honour, and broken ones, are refused with the reason",
        arguments: [
            ("^[a-z+$", "never closed"), ("(a", "never closed"), ("a)", "closes no group"), ("*a", "nothing to repeat"),
            ("(a)\\1", "back-reference"), ("a(?=b)", "look-ahead"), ("(?<=a)b", "look-behind"), ("a*+", "possessive"),
            ("[z-a]", "backwards"), ("a{3,1}", "below its minimum"), ("a{5000}", "more than 1000"),
            ("\\q", "not supported"),
        ])
    func refused(pattern: String, reason: String) {
        #expect {
            _ = try VariablePattern(pattern)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains(pattern)
        }
    }

    @Test("exponential patterns for a backtracker answer at once: (a+)+$, (a|a)*b, (a*)*b on long values")
    func noCatastrophicBacktracking() throws {
        let started = Date()
        for pattern in ["(a+)+$", "(a|a)*b", "(a*)*b", "^(([a-z])+.)+[A-Z]([a-z])+$"] {
            let compiled = try VariablePattern(pattern)
            #expect(!compiled.wholeMatches(String(repeating: "a", count: 5000) + "!"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
