import RunbookDocument
import Testing

@testable import RunbookLint

/// The byte-level answers the rules use give what the Character-level code they replaced gives.
@Suite("Lint fast paths agree with the general code")
struct FastPathTests {
    static let words = [
        "", "/", "//", "rm", "/bin/rm", "./rm", "a/b/", "a//b", "/usr/local/bin/kubectl", "é/rm", "/\u{301}x/rm",
        "dir/é",
    ]

    @Test("A program's base name", arguments: words)
    func baseName(word: String) {
        let reference = word.split(separator: "/").last.map(String.init) ?? word
        #expect((ShellWords.asciiBaseName(word) ?? reference) == reference, "\(word.debugDescription)")
    }

    @Test(
        "Step ids: the byte test accepts what the Character test accepts",
        arguments: ["", "a", "step-1", "a.b_c-D9", "a b", "é", "e\u{301}", "a/b", "\r\n", "Ⅻ", "٣", "x\u{0}"])
    func stepIDs(id: String) {
        let reference =
            !id.isEmpty
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        #expect(Step.isValidID(id) == reference, "\(id.debugDescription)")
    }

    @Test(
        "A placeholder's variable name",
        arguments: [
            "<service-name>", "YOUR_TOKEN_HERE", "your-project-id", "<value of the label>", "<a b>", "<", "<>",
            "<1abc>", "REPLACE_ME", "<replace-me>", "YOUR_YOUR-X", "<ümlaut-name>", "<x_here>",
        ])
    func variableNames(placeholder: String) {
        var body = placeholder.uppercased()
        if body.hasPrefix("<"), body.hasSuffix(">") { body = String(body.dropFirst().dropLast()) }
        for prefix in ["YOUR_", "YOUR-"] where body.hasPrefix(prefix) { body = String(body.dropFirst(prefix.count)) }
        for suffix in ["_HERE", "-HERE"] where body.hasSuffix(suffix) { body = String(body.dropLast(suffix.count)) }
        var reference: String?
        if body.split(separator: " ").count <= 2 {
            let name = String(body.map { $0.isLetter || $0.isNumber ? $0 : "_" })
            if let first = name.first, first.isLetter, name != "REPLACE_ME" { reference = name }
        }
        #expect(Placeholders.variableName(for: placeholder) == reference, "\(placeholder.debugDescription)")
    }
}
