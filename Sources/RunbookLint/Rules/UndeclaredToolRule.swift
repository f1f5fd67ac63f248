import Foundation
import RunbookBytes
import RunbookDocument

/// RB013: a tool the steps need should be a prerequisite, so a missing one stops the run before
/// anything changed rather than halfway through.
struct UndeclaredToolRule: Rule {
    static let description = RuleDescription(
        id: "RB013", alias: "undeclared-tool", tags: ["safety"], severity: .warning,
        summary: "A step uses a tool that no prerequisite mentions.",
        rationale: """
            If `zfs`, `kubectl` or `jq` is missing, the run fails at the first step that needs it, \
            possibly after earlier steps changed the system. Naming the tool in a prerequisite (a \
            sentence or a `command -v` check) makes the run stop before anything happened. Programs \
            every Linux host has (coreutils, util-linux, systemd, curl, ssh, …) are not reported.
            """,
        fix:
            "Add a prerequisite that names the tool, for example `- name: zfs tools present` with `run: command -v zfs`, or a `## Prerequisites` list item mentioning it.",
        triggering: [.init("---\ntitle: Snapshot\n---\n\n```bash\nzfs snapshot tank@now\n```\n", line: 6, column: 1)],
        nonTriggering: [
            .init(
                "---\ntitle: Snapshot\nprerequisites:\n  - name: zfs tools present\n    run: command -v zfs\n---\n\n```bash\nzfs snapshot tank@now\n```\n"
            ),
            .init(
                "---\ntitle: Snapshot\n---\n\n## Prerequisites\n\n- Root shell with the ZFS tools\n\n## Steps\n\n```bash\nls /tank && zfs snapshot tank@now\n```\n"
            ),
        ])

    var description: RuleDescription { Self.description }

    func check(_ context: LintContext) -> [Violation] {
        let runbook = context.runbook
        // Computed at the first candidate only: most files use no tool outside the common set.
        lazy var mentioned: Set<String> = runbook.prerequisites.reduce(into: Set<String>()) { words, step in
            for text in [step.title, step.command, step.context] { words.formUnion(Self.words(in: text)) }
        }
        let functions = context.scripts.reduce(into: Set<String>()) { $0.formUnion($1.analysis.functions) }
        var reported = Set<String>()
        var violations: [Violation] = []
        for script in context.scripts where script.step.phase != .prerequisite && !script.analysis.hasSyntaxError {
            for command in script.analysis.commands {
                guard let name = command.name, !name.hasExpansion, Self.looksLikeProgram(name.text),
                    !CommonCommands.names.contains(name.text), !functions.contains(name.text),
                    !reported.contains(name.text), !mentioned.contains(name.text)
                else { continue }
                reported.insert(name.text)
                let lead =
                    runbook.prerequisites.isEmpty
                    ? "This step uses '\(name.text)' but the runbook lists no prerequisites"
                    : "This step uses '\(name.text)' but no prerequisite mentions it"
                violations.append(
                    Violation(
                        at: script.view.location(ofOffset: name.offset),
                        "\(lead); add one (for example 'command -v \(name.text)') so a missing tool stops the run before anything changes."
                    ))
            }
        }
        return violations
    }

    /// Lower-case program names only: a capitalised first word is output pasted into a
    /// prompt-less console block (`NAME READY STATUS`), not a command.
    private static func looksLikeProgram(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= 0x61 && first <= 0x7A else { return false }
        return name.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || $0.isDigit || $0 == ASCII.minus || $0 == 0x2E || $0 == 0x5F
                || $0 == ASCII.plus
        }
    }

    private static func words(in text: String) -> Set<String> {
        if let words = asciiWords(in: text) { return words }
        return Set(
            text.lowercased().split {
                !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == "+")
            }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".")) })
    }

    /// `words(in:)` for ASCII text, on its bytes: the same pieces, lowercased and trimmed of
    /// dots, without a Character or a Foundation call per word. Nil for any other text.
    private static func asciiWords(in text: String) -> Set<String>? {
        var text = text
        return text.withUTF8 { bytes -> Set<String>? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var words = Set<String>()
            var word: [UInt8] = []
            func finish() {
                guard !word.isEmpty else { return }
                var start = 0, end = word.count
                while start < end, word[start] == UInt8(ascii: ".") { start += 1 }
                while end > start, word[end - 1] == UInt8(ascii: ".") { end -= 1 }
                words.insert(String(decoding: word[start..<end], as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    word.append(byte + 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"),
                    UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "+"):
                    word.append(byte)
                default:
                    finish()
                }
            }
            finish()
            return words
        }
    }
}
