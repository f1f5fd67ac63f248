import RunbookBytes

/// A hand-written scanner for the part of shell syntax lint needs: words, quotes, expansions,
/// command substitutions, redirections, here-documents and the separators between commands.
///
/// It is not a shell parser and never fails: on text it does not understand it keeps going, so
/// one odd line cannot hide the rest of a block. It works on bytes so that scanning every block
/// of a large docs tree stays cheap.
struct ShellScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var analysis = ShellAnalysis()
    /// Reference indices waiting for the command they belong to, innermost command last.
    private var referenceFrames: [[Int]] = [[]]
    private var pendingHeredocs: [Heredoc] = []
    private var caseDepth = 0
    private var heredocDepth = 0
    private var backtickDepth = 0

    private struct Heredoc {
        var delimiter: String
        var expands: Bool
        var stripsTabs: Bool
        var commandIndex: Int?
    }

    private struct Builder {
        var words: [ShellAnalysis.Word] = []
        var outputTargets: [ShellAnalysis.Word] = []
        var heredocs: [Heredoc] = []
        var isEmpty: Bool { words.isEmpty && heredocs.isEmpty }
        /// Just `for` so far: a following `((` opens an arithmetic loop header.
        var isArithmeticFor: Bool { words.count == 1 && words[0].text == "for" && !words[0].isQuoted }
    }

    static func analyze(_ text: [UInt8]) -> ShellAnalysis {
        var scanner = ShellScanner(bytes: text)
        scanner.parseList(until: nil)
        return scanner.analysis
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    // MARK: - Command lists

    private mutating func parseList(until terminator: UInt8?) {
        var builder = Builder()
        referenceFrames.append([])
        defer { _ = referenceFrames.popLast() }
        while let byte = peek() {
            if let terminator, byte == terminator {
                finish(&builder)
                index += 1
                return
            }
            switch byte {
            case ASCII.space, ASCII.tab:
                index += 1
            case ASCII.backslash where peek(1) == ASCII.newline:
                index += 2
            case ASCII.newline:
                finish(&builder)
                index += 1
                readPendingHeredocs()
            case ASCII.semicolon, ASCII.verticalBar:
                let isPipe = byte == ASCII.verticalBar && peek(1) != ASCII.verticalBar
                finish(&builder, ending: isPipe ? .pipe : .sequence)
                index += 1
                if let next = peek(), next == byte || (byte == ASCII.verticalBar && next == ASCII.ampersand) {
                    index += 1
                }
            case ASCII.ampersand:
                if peek(1) == ASCII.greaterThan {
                    index += 2
                    if peek() == ASCII.greaterThan { index += 1 }
                    if let target = redirectTarget() { builder.outputTargets.append(target) }
                } else {
                    finish(&builder, ending: peek(1) == ASCII.ampersand ? .sequence : .background)
                    index += peek(1) == ASCII.ampersand ? 2 : 1
                }
            case ASCII.leftParenthesis:
                openParen(&builder)
            case ASCII.rightParenthesis:
                // Outside any subshell this closes a `case` pattern such as `start)`.
                if caseDepth > 0 { builder = Builder() } else { finish(&builder) }
                index += 1
            case ASCII.lessThan, ASCII.greaterThan:
                redirect(&builder)
            case ASCII.hash:
                while let next = peek(), next != ASCII.newline { index += 1 }
            default:
                let word = parseWord()
                if !word.isQuoted, !word.text.isEmpty, word.text.utf8.allSatisfy(\.isDigit),
                    peek() == ASCII.lessThan || peek() == ASCII.greaterThan
                {
                    continue // `2>` names a file descriptor, not an argument
                }
                builder.words.append(word)
            }
        }
        finish(&builder)
    }

    private mutating func openParen(_ builder: inout Builder) {
        var lookahead = index + 1
        while lookahead < bytes.count, bytes[lookahead] == ASCII.space { lookahead += 1 }
        if builder.words.count == 1, lookahead < bytes.count, bytes[lookahead] == ASCII.rightParenthesis {
            // `name() { … }` defines a function; calls to it are not external tools.
            analysis.functions.insert(builder.words[0].text)
            builder = Builder()
            index = lookahead + 1
        } else if builder.words.isEmpty || builder.isArithmeticFor, peek(1) == ASCII.leftParenthesis {
            // `(( … ))` alone, or the header of `for (( i = 0; …; i++ ))`.
            if builder.isArithmeticFor { builder = Builder() }
            index += 2
            skipArithmetic()
        } else {
            // `(` can open a subshell only where a command starts; after words it is a syntax error.
            if !builder.words.isEmpty { analysis.hasSyntaxError = true }
            finish(&builder)
            index += 1
            parseList(until: ASCII.rightParenthesis)
        }
    }

    private mutating func redirect(_ builder: inout Builder) {
        let byte = bytes[index]
        if byte == ASCII.lessThan {
            if peek(1) == ASCII.lessThan, peek(2) == ASCII.lessThan {
                index += 3
                _ = redirectTarget()
                return
            }
            if peek(1) == ASCII.lessThan {
                index += 2
                let stripsTabs = peek() == ASCII.minus
                if stripsTabs { index += 1 }
                if let delimiter = redirectTarget() {
                    builder.heredocs.append(
                        Heredoc(
                            delimiter: delimiter.text, expands: !delimiter.isQuoted, stripsTabs: stripsTabs))
                }
                return
            }
            index += 1
            if peek() == ASCII.greaterThan || peek() == ASCII.ampersand { index += 1 }
            _ = redirectTarget()
            return
        }
        index += 1
        var duplicates = false
        if let next = peek(), next == ASCII.greaterThan || next == ASCII.verticalBar || next == ASCII.ampersand {
            duplicates = next == ASCII.ampersand
            index += 1
        }
        if let target = redirectTarget(), !duplicates { builder.outputTargets.append(target) }
    }

    private mutating func redirectTarget() -> ShellAnalysis.Word? {
        while peek() == ASCII.space || peek() == ASCII.tab { index += 1 }
        guard let byte = peek(), !byte.isMetacharacter else { return nil }
        return parseWord()
    }

    // MARK: - Words

    private mutating func parseWord() -> ShellAnalysis.Word {
        var text: [UInt8] = []
        let start = index
        var quoted = false
        var expansion = false
        while let byte = peek() {
            if byte.isMetacharacter {
                // `arr=(a b c)` is one word: an array assignment, not a subshell.
                if byte == ASCII.leftParenthesis, text.last == ASCII.equals {
                    appendBalanced(into: &text)
                    continue
                }
                break
            }
            switch byte {
            case ASCII.backslash:
                if let next = peek(1) {
                    if next != ASCII.newline { text.append(next) }
                    index += 2
                } else {
                    index += 1
                }
            case ASCII.apostrophe:
                quoted = true
                index += 1
                while let next = peek(), next != ASCII.apostrophe { text.append(next); index += 1 }
                index += 1
            case ASCII.quote:
                quoted = true
                if parseDoubleQuoted(into: &text) { expansion = true }
            case ASCII.dollar:
                if parseDollar(into: &text) { expansion = true }
            case ASCII.backtick:
                // Inside `…` a backtick ends the substitution, and with it this word.
                if backtickDepth > 0 { return word(text, start: start, quoted: quoted, expansion: expansion) }
                expansion = true
                appendBacktick(into: &text)
            default:
                text.append(byte)
                index += 1
            }
        }
        return word(text, start: start, quoted: quoted, expansion: expansion)
    }

    private func word(_ text: [UInt8], start: Int, quoted: Bool, expansion: Bool) -> ShellAnalysis.Word {
        ShellAnalysis.Word(
            text: String(decoding: text, as: UTF8.self), offset: start,
            isQuoted: quoted, hasExpansion: expansion)
    }

    /// Reads `` `…` `` from the opening backtick as a nested command list.
    private mutating func appendBacktick(into text: inout [UInt8]) {
        let from = index
        index += 1
        backtickDepth += 1
        parseList(until: ASCII.backtick)
        backtickDepth -= 1
        text.append(contentsOf: bytes[from..<min(index, bytes.count)])
    }

    private mutating func appendBalanced(into text: inout [UInt8]) {
        var depth = 0
        while let byte = peek() {
            if byte == ASCII.dollar { _ = parseDollar(into: &text); continue }
            text.append(byte)
            index += 1
            if byte == ASCII.leftParenthesis { depth += 1 }
            if byte == ASCII.rightParenthesis { depth -= 1; if depth == 0 { return } }
        }
    }

    /// Reads `"…"` starting at the opening quote; true when it held an expansion.
    private mutating func parseDoubleQuoted(into text: inout [UInt8]) -> Bool {
        index += 1
        var expansion = false
        while let byte = peek() {
            switch byte {
            case ASCII.quote:
                index += 1
                return expansion
            case ASCII.backslash:
                if let next = peek(1),
                    [ASCII.dollar, ASCII.backtick, ASCII.quote, ASCII.backslash, ASCII.newline].contains(next)
                {
                    if next != ASCII.newline { text.append(next) }
                    index += 2
                } else {
                    text.append(byte)
                    index += 1
                }
            case ASCII.dollar:
                if parseDollar(into: &text) { expansion = true }
            case ASCII.backtick:
                expansion = true
                appendBacktick(into: &text)
            default:
                text.append(byte)
                index += 1
            }
        }
        return expansion
    }

    /// Reads an expansion starting at `$`; true when it expands to something (not a lone `$`).
    private mutating func parseDollar(into text: inout [UInt8]) -> Bool {
        let start = index
        guard let next = peek(1) else {
            text.append(ASCII.dollar)
            index += 1
            return false
        }
        defer { text.append(contentsOf: bytes[start..<min(index, bytes.count)]) }
        switch next {
        case ASCII.leftParenthesis:
            if peek(2) == ASCII.leftParenthesis {
                index += 3
                skipArithmetic()
            } else {
                index += 2
                parseList(until: ASCII.rightParenthesis)
            }
            return true
        case ASCII.leftBrace:
            index += 2
            parseBraceExpansion(start: start)
            return true
        case ASCII.apostrophe:
            index += 2
            while let byte = peek(), byte != ASCII.apostrophe {
                index += byte == ASCII.backslash ? 2 : 1
            }
            index += 1
            return false
        case ASCII.quote:
            index += 1
            var scratch: [UInt8] = []
            return parseDoubleQuoted(into: &scratch)
        default:
            if next.isNameStart {
                index += 1
                let nameStart = index
                while let byte = peek(), byte.isNameCharacter { index += 1 }
                record(String(decoding: bytes[nameStart..<index], as: UTF8.self), at: start, hasFallback: false)
                return true
            }
            if next.isDigit
                || [ASCII.at, ASCII.asterisk, ASCII.hash, ASCII.question, ASCII.dollar, ASCII.exclamation, ASCII.minus]
                    .contains(next)
            {
                index += 2
                return true
            }
            index += 1
            return false
        }
    }

    /// Reads `${…}` after the `${`, recording the variable unless it is special or indirect.
    private mutating func parseBraceExpansion(start: Int) {
        var indirect = false
        if peek() == ASCII.exclamation { indirect = true; index += 1 }
        if peek() == ASCII.hash, let after = peek(1), after != ASCII.rightBrace { index += 1 }
        let nameStart = index
        if let byte = peek(), byte.isNameStart {
            while let byte = peek(), byte.isNameCharacter { index += 1 }
        } else if peek() != nil, peek() != ASCII.rightBrace {
            index += 1 // a special parameter such as ${1} or ${@}
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        var hasFallback = false
        if let byte = peek(), byte != ASCII.rightBrace {
            let operatorByte = byte == ASCII.colon ? peek(1) : byte
            if let operatorByte, [ASCII.minus, ASCII.equals, ASCII.plus].contains(operatorByte) { hasFallback = true }
            var scratch: [UInt8] = []
            var depth = 0
            while let byte = peek() {
                if byte == ASCII.rightBrace {
                    if depth == 0 { break }
                    depth -= 1
                    index += 1
                } else if byte == ASCII.backslash {
                    index += 2
                } else if byte == ASCII.dollar {
                    _ = parseDollar(into: &scratch)
                } else if byte == ASCII.quote {
                    _ = parseDoubleQuoted(into: &scratch)
                } else if byte == ASCII.apostrophe {
                    index += 1
                    while let next = peek(), next != ASCII.apostrophe { index += 1 }
                    index += 1
                } else {
                    if byte == ASCII.leftBrace { depth += 1 }
                    index += 1
                }
            }
        }
        if peek() == ASCII.rightBrace { index += 1 }
        if !indirect, let first = name.utf8.first, first.isNameStart {
            record(name, at: start, hasFallback: hasFallback)
        }
    }

    /// Skips `(( … ))` or `$(( … ))` after the opening parentheses, recording `$NAME` inside.
    /// Names assigned inside (`(( i = 0 ))`, `for ((i = 0; i < n; i++))`) count as assignments.
    private mutating func skipArithmetic() {
        var depth = 2
        var scratch: [UInt8] = []
        let start = index
        while let byte = peek(), depth > 0 {
            if byte == ASCII.dollar { _ = parseDollar(into: &scratch); continue }
            if byte == ASCII.leftParenthesis { depth += 1 }
            if byte == ASCII.rightParenthesis { depth -= 1 }
            index += 1
        }
        recordArithmeticAssignments(from: start, to: index)
    }

    private mutating func recordArithmeticAssignments(from start: Int, to end: Int) {
        var position = start
        while position < end {
            guard bytes[position].isNameStart, position == start || !bytes[position - 1].isNameCharacter,
                bytes[position - 1] != ASCII.dollar || position == start
            else {
                position += 1
                continue
            }
            let nameStart = position
            while position < end, bytes[position].isNameCharacter { position += 1 }
            var next = position
            while next < end, bytes[next] == UInt8(ascii: " ") { next += 1 }
            let following = next + 1 < end ? bytes[next + 1] : 0
            let assigns =
                next < end
                && ((bytes[next] == UInt8(ascii: "=") && following != UInt8(ascii: "="))
                    || ("+-*/%".utf8.contains(bytes[next])
                        && (following == UInt8(ascii: "=") || following == bytes[next])))
            if assigns {
                let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
                analysis.assignments.append(
                    ShellAnalysis.Assignment(name: name, offset: nameStart, value: nil, isExported: false))
            }
        }
    }

    private mutating func record(_ name: String, at offset: Int, hasFallback: Bool) {
        analysis.references.append(
            ShellAnalysis.Reference(
                name: name, offset: offset, hasFallback: hasFallback, commandIndex: nil, isInHeredoc: heredocDepth > 0))
        referenceFrames[referenceFrames.count - 1].append(analysis.references.count - 1)
    }

    // MARK: - Here-documents

    private mutating func readPendingHeredocs() {
        let heredocs = pendingHeredocs
        pendingHeredocs = []
        for heredoc in heredocs {
            let bodyStart = index
            var bodyEnd = bytes.count
            var after = bytes.count
            var lineStart = index
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != ASCII.newline { lineEnd += 1 }
                var contentStart = lineStart
                if heredoc.stripsTabs {
                    while contentStart < lineEnd, bytes[contentStart] == ASCII.tab { contentStart += 1 }
                }
                if String(decoding: bytes[contentStart..<lineEnd], as: UTF8.self) == heredoc.delimiter {
                    bodyEnd = lineStart
                    after = min(lineEnd + 1, bytes.count)
                    break
                }
                lineStart = lineEnd + 1
            }
            if heredoc.expands {
                referenceFrames.append([])
                heredocDepth += 1
                index = bodyStart
                var scratch: [UInt8] = []
                while index < bodyEnd {
                    switch bytes[index] {
                    case ASCII.backslash: index += 2
                    case ASCII.dollar: _ = parseDollar(into: &scratch)
                    default: index += 1
                    }
                }
                heredocDepth -= 1
                for reference in referenceFrames.removeLast() {
                    analysis.references[reference].commandIndex = heredoc.commandIndex
                }
            }
            index = after
        }
    }

    // MARK: - Finishing a command

    private mutating func finish(_ builder: inout Builder, ending: ShellAnalysis.Command.Ending = .sequence) {
        defer { builder = Builder() }
        let frame = referenceFrames.count - 1
        guard !builder.isEmpty else { return }
        let commandIndex = analysis.commands.count
        for heredoc in builder.heredocs {
            var pending = heredoc
            pending.commandIndex = commandIndex
            pendingHeredocs.append(pending)
        }
        var words = builder.words[...]
        while let first = words.first, !first.isQuoted, ShellSyntax.reservedWords.contains(first.text) {
            if first.text == "esac" { caseDepth = max(0, caseDepth - 1) }
            words = words.dropFirst()
        }
        if let first = words.first, !first.isQuoted {
            switch first.text {
            case "for", "select":
                if words.count > 1 { assign(words[words.startIndex + 1], exported: false) }
                words = []
            case "case":
                if words.contains(where: { $0.text == "in" }) { caseDepth += 1 }
                words = []
            case "function":
                if words.count > 1 {
                    var name = words[words.startIndex + 1].text
                    if name.hasSuffix("()") { name.removeLast(2) }
                    analysis.functions.insert(name)
                }
                words = []
            default:
                break
            }
        }
        let leading = words
        while let first = words.first, ShellSyntax.assignmentName(first.text) != nil { words = words.dropFirst() }
        if words.isEmpty {
            // `NAME=value` alone sets a shell variable; before a command it only sets that
            // command's environment.
            for word in leading { assign(word, exported: false) }
        }
        let commandWords = Array(words)
        let nameIndex = ShellSyntax.programIndex(in: commandWords.map(\.text))
        if let nameIndex { noteBuiltin(commandWords, nameIndex: nameIndex) }
        analysis.commands.append(
            ShellAnalysis.Command(
                words: commandWords, nameIndex: nameIndex, outputTargets: builder.outputTargets, ending: ending))
        for reference in referenceFrames[frame] { analysis.references[reference].commandIndex = commandIndex }
        referenceFrames[frame].removeAll()
    }

    /// Records variables set by builtins: `export`, `declare`, `read`, `mapfile`, `getopts`, `printf -v`.
    private mutating func noteBuiltin(_ words: [ShellAnalysis.Word], nameIndex: Int) {
        let arguments = words[(nameIndex + 1)...]
        switch words[nameIndex].text {
        case "export", "declare", "typeset", "local", "readonly":
            let name = words[nameIndex].text
            var exported = name == "export"
            for word in arguments {
                if word.text.hasPrefix("-") {
                    if name != "export", word.text.contains("x") { exported = true }
                    continue
                }
                assign(word, exported: exported)
            }
        case "read":
            var skipNext = false
            for word in arguments {
                if skipNext { skipNext = false; continue }
                if word.text.hasPrefix("-") {
                    skipNext = ["-p", "-d", "-n", "-N", "-t", "-u", "-i"].contains(word.text)
                    continue
                }
                assign(word, exported: false)
            }
        case "mapfile", "readarray":
            if let last = arguments.last, !last.text.hasPrefix("-") { assign(last, exported: false) }
        case "getopts":
            if arguments.count >= 2 { assign(arguments[arguments.startIndex + 1], exported: false) }
        case "printf":
            if let flag = arguments.firstIndex(where: { $0.text == "-v" }), flag + 1 < words.count {
                assign(words[flag + 1], exported: false)
            }
        case "set":
            if arguments.contains(where: { $0.text.hasPrefix("-") && !$0.text.hasPrefix("--") && $0.text.contains("x") }
            )
                || zip(arguments, arguments.dropFirst()).contains(where: { $0.text == "-o" && $1.text == "xtrace" })
            {
                analysis.enablesXtrace = true
            }
        default:
            break
        }
    }

    private mutating func assign(_ word: ShellAnalysis.Word, exported: Bool) {
        let text = word.text
        let name: String
        var value: ShellAnalysis.Word?
        if let assigned = ShellSyntax.assignmentName(text) {
            name = assigned
            var valueWord = word
            valueWord.text = String(text[text.index(after: text.firstIndex(of: "=")!)...])
            value = valueWord
        } else if ShellSyntax.isName(text) {
            name = text
        } else {
            return
        }
        analysis.assignments.append(
            ShellAnalysis.Assignment(name: name, offset: word.offset, value: value, isExported: exported))
    }
}
