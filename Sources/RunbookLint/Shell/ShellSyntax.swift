import RunbookBytes

/// Small facts about shell words shared by the scanner and the rules.
enum ShellSyntax {
    /// Words that open or close compound commands; the command proper comes after them.
    static let reservedWords: Set<String> = [
        "if", "then", "elif", "else", "fi", "while", "until", "do", "done", "esac", "!", "{", "}",
        "[[", "]]", ";;", "in", "coproc",
    ]

    /// `NAME` when `word` is `NAME=value` or `NAME+=value`.
    static func assignmentName(_ word: String) -> String? {
        guard let equals = word.firstIndex(of: "=") else { return nil }
        var name = word[..<equals]
        if name.hasSuffix("+") { name = name.dropLast() }
        if let bracket = name.firstIndex(of: "["), name.hasSuffix("]") { name = name[..<bracket] }
        return isName(name) ? String(name) : nil
    }

    /// True for a valid shell variable name.
    static func isName(_ text: some StringProtocol) -> Bool {
        guard let first = text.utf8.first, first.isNameStart else { return false }
        return text.utf8.allSatisfy(\.isNameCharacter)
    }

    /// Options of wrapper commands that take a value, so the value is not read as the program.
    private static let wrapperOptionsWithValue: [String: Set<String>] = [
        "sudo": ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T"],
        "doas": ["-u", "-C"],
        "env": ["-u", "-C", "-S", "--unset", "--chdir", "--split-string"],
        "nice": ["-n", "--adjustment"],
        "ionice": ["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"],
        "timeout": ["-s", "-k", "--signal", "--kill-after"],
        "xargs": [
            "-I", "-n", "-P", "-d", "-a", "-L", "-s", "-E", "--max-args", "--max-procs", "--delimiter", "--arg-file",
        ],
        "watch": ["-n", "--interval", "-d"],
        "stdbuf": ["-i", "-o", "-e"],
        "nohup": [], "time": [], "exec": ["-a"], "builtin": [], "command": [], "unbuffer": [],
    ]

    /// Index of the program a command runs once wrappers (`sudo -u postgres`, `env A=1`,
    /// `timeout 5m`, `xargs -n1`, …) are skipped; nil for `command -v` (a lookup, not a run)
    /// and for commands made only of wrappers.
    static func programIndex(in words: [String]) -> Int? {
        var index = 0
        while index < words.count {
            let word = words[index]
            guard let withValue = wrapperOptionsWithValue[word] else { return index }
            index += 1
            while index < words.count {
                let option = words[index]
                if word == "env", assignmentName(option) != nil { index += 1; continue }
                guard option.hasPrefix("-"), option != "-", option != "--" else {
                    if option == "--" { index += 1 }
                    break
                }
                if word == "command", option == "-v" || option == "-V" { return nil }
                index += withValue.contains(option) ? 2 : 1
            }
            if word == "timeout" { index += 1 } // the duration
        }
        return nil
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isNameStart: Bool { (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == 0x5F }
    var isNameCharacter: Bool { isNameStart || isDigit }
    /// Bytes that end an unquoted word.
    var isMetacharacter: Bool {
        self == ASCII.space || self == ASCII.tab || self == ASCII.newline || self == ASCII.semicolon
            || self == ASCII.ampersand
            || self == ASCII.verticalBar || self == ASCII.leftParenthesis || self == ASCII.rightParenthesis
            || self == ASCII.lessThan || self == ASCII.greaterThan
    }
}
