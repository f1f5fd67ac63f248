import Foundation
import Testing

/// Escape sequences from a runbook or a record never reach the output raw: every command shows
/// them as `^[`, `^G`, … (docs: TerminalText).
@Suite("Terminal safety: control characters from runbooks and records are made visible")
struct TerminalSafetyTests {
    /// Retitles the window, rings the bell, clears the screen, and an 8-bit CSI.
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J\u{1B}[31mred\u{9B}6n"
    static let escapedHostile = "^[]0;pwned^G^[[2J^[[31mred<9B>6n"

    static func expectClean(
        _ result: CLISandbox.Result, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let all = result.stdout + result.stderr
        #expect(
            !all.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B },
            "\(what) printed a raw control character: \(all.debugDescription.prefix(400))",
            sourceLocation: sourceLocation)
        #expect(!result.signaled, sourceLocation: sourceLocation)
    }

    @Test("a runbook's title, step title and command: show, list, lint, run --dry-run and run")
    func runbookText() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: hostile
            title: "Title \\e]0;pwned\\a"
            ---
            # Heading \(Self.hostile)

            ## Step \(Self.hostile)
            ```bash {id=one}
            echo 'done'  # \(Self.hostile)
            ```
            """)
        for arguments in [["show", "book.md"], ["list", "."], ["lint", "book.md"]] {
            let result = try sandbox.run(arguments, withRecords: false)
            Self.expectClean(result, arguments[0])
        }
        let show = try sandbox.run(["show", "book.md"], withRecords: false)
        #expect(show.stdout.contains(Self.escapedHostile), "\(show.stdout)")
        Self.expectClean(try sandbox.run(["run", "--dry-run", "book.md"]), "run --dry-run")
        Self.expectClean(try sandbox.run(["run", "--auto", "book.md"]), "run")
    }

    @Test("an imported record's fields: import, history, log, lessons, stats, export, amend, verify")
    func recordText() throws {
        let sandbox = try CLISandbox()
        var golden = try String(contentsOfFile: RecordsCommandTests.golden, encoding: .utf8)
        let json = Self.hostile.unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x9B ? String(format: "\\u%04x", $0.value) : String($0)
        }.joined()
        golden = golden.replacingOccurrences(of: "pool looked fine; scrub finished last night", with: "note " + json)
        golden = golden.replacingOccurrences(
            of: "\"operatorName\":\"alice\"", with: "\"operatorName\":\"alice\(json)\"")
        golden = golden.replacingOccurrences(of: "\"title\":\"Fixture backup\"", with: "\"title\":\"Fixture \(json)\"")
        try sandbox.write("hostile.json", golden)
        try sandbox.write("fixture-backup.md", "# Fixture backup\n")
        Self.expectClean(try sandbox.run(["import", "hostile.json"]), "import")
        for arguments in [
            ["history"], ["log", "01hfx0ab"], ["log", "01hfx0ab", "--full"], ["lessons"], ["stats"],
            ["export", "01hfx0ab", "--format", "md"], ["amend", "01hfx0ab", "--file", "fixture-backup.md"], ["verify"],
        ] {
            let result = try sandbox.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            Self.expectClean(result, arguments.joined(separator: " "))
        }
        #expect(try sandbox.run(["log", "01hfx0ab"]).stdout.contains("note " + Self.escapedHostile))
    }

    @Test("a step's live output on a terminal keeps its colours but never retitles, clears or moves")
    func liveOutputOnATerminal() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            # Live

            ```bash {id=colours}
            printf '\\033[32mgreen\\033[0m \\033]0;pwned\\007 \\033[2J \\033[5;5H end\\n'
            ```
            """)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["RUNBOOK_RECORDS"] = nil
        let terminal = try PseudoTerminal(
            ["run", "--auto", "book.md", "--records", sandbox.records], directory: sandbox.directory,
            environment: environment)
        #expect(try terminal.waitForExit(within: 20) == 0)
        let screen = terminal.bytes
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            return screen.count >= needle.count
                && (0...(screen.count - needle.count)).contains {
                    screen[$0..<($0 + needle.count)].elementsEqual(needle)
                }
        }
        #expect(contains("\u{1B}[32mgreen\u{1B}[0m"))
        #expect(!contains("\u{1B}]0;pwned") && !contains("\u{1B}[2J") && !contains("\u{1B}[5;5H"))
        #expect(contains("^[]0;pwned^G ^[[2J ^[[5;5H end"))
    }
}
