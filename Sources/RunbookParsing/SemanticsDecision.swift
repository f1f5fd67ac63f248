import RunbookDocument

/// Decides whether a document runs with Runme's defaults or runbook's (docs/format.md, "Runme
/// documents").
///
/// A document is Runme's when its front matter has a `runme` key (Runme writes one into every
/// document it saves). A document whose front matter uses one of runbook's own keys is
/// runbook's, so runbook's runbooks keep their safety. Anything else is Runme's only when its
/// body shows it: a block written with Runme's JSON attributes or an attribute only Runme
/// gives a meaning to, a `shellscript` fence, or language-less fences and no fence runbook
/// runs. A plain README with `bash` blocks keeps runbook's stricter defaults.
enum SemanticsDecision {
    /// Front-matter keys only runbook gives a meaning to.
    static let runbookKeys: Set<String> = [
        "id", "version", "priority", "owner", "variables", "prerequisites", "validation", "rollback",
    ]

    /// Block attributes only Runme gives a meaning to.
    static let runmeAttributes: Set<String> = [
        "name", "excludeFromRunAll", "promptEnv", "terminalRows", "mimeType", "tag", "background",
        "category", "interpreter", "closeTerminalOnSuccess",
    ]

    /// Fence languages Runme runs as shell besides runbook's own.
    static let runmeShellLanguages: Set<String> = ["shellscript", ""]

    static func decide(hasRunmeKey: Bool, frontMatterKeys: [String], hasKnownCategory: Bool, blocks: [MarkdownBlock])
        -> Semantics
    {
        if hasRunmeKey { return .runme }
        if hasKnownCategory || frontMatterKeys.contains(where: runbookKeys.contains) { return .runbook }
        var hasLanguageless = false
        var hasRunbookShell = false
        for case .code(let code) in blocks where code.isFenced {
            if code.info.isEmpty {
                hasLanguageless = true
                continue
            }
            let info = InfoStringParser.parse(code.info)
            if info.language == "shellscript" { return .runme }
            if info.problem == nil, opensJSONObject(code.info) { return .runme }
            if info.attributes.entries.contains(where: { runmeAttributes.contains($0.key) }) { return .runme }
            if info.language.isEmpty { hasLanguageless = true }
            if CodeBlock.shellLanguages.contains(info.language) || CodeBlock.consoleLanguages.contains(info.language) {
                hasRunbookShell = true
            }
        }
        return hasLanguageless && !hasRunbookShell ? .runme : .runbook
    }

    /// True when `info` holds `{"`, Runme's JSON attributes. An ASCII info string (nearly all)
    /// is searched on its bytes; any other takes Foundation's Unicode-aware search, as before.
    static func opensJSONObject(_ info: String) -> Bool {
        var info = info
        let ascii = info.withUTF8 { bytes -> Bool? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            guard bytes.count >= 2 else { return false }
            for index in 0..<(bytes.count - 1) where bytes[index] == UInt8(ascii: "{") && bytes[index + 1] == 0x22 {
                return true
            }
            return false
        }
        return ascii ?? info.contains("{\"")
    }
}
