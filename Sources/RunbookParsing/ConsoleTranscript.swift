/// Splits a `console` block into the commands to run and the output they are expected to print.
///
/// Lines starting with `$ ` (or a lone `$`) are commands; a command ending in `\` continues on
/// the next line (a leading `> ` continuation prompt is dropped). Every other line is expected
/// output. A block with no prompt at all is read as plain commands, since many runbooks (the
/// OpenShift ones among them) label bare commands `console`.
struct ConsoleTranscript {
    var commands: String
    var expectedOutput: String?
    /// Body-relative index of the first output line, when there is output.
    var firstOutputLineIndex: Int?

    init(_ code: String) {
        let lines = ConsoleTranscript.lines(of: code).dropLastIfEmpty()
        guard lines.contains(where: ConsoleTranscript.isPrompt) else {
            commands = code
            expectedOutput = nil
            firstOutputLineIndex = nil
            return
        }
        var commandLines: [Substring] = []
        var outputLines: [Substring] = []
        var firstOutput: Int?
        var continuing = false
        for (index, line) in lines.enumerated() {
            if continuing {
                let stripped = line.hasPrefix("> ") ? line.dropFirst(2) : line
                commandLines.append(stripped)
                continuing = stripped.hasSuffix("\\")
            } else if ConsoleTranscript.isPrompt(line) {
                let command = line.dropFirst(line.hasPrefix("$ ") ? 2 : 1)
                commandLines.append(command)
                continuing = command.hasSuffix("\\")
            } else {
                if firstOutput == nil, !ConsoleTranscript.isBlank(line) { firstOutput = index }
                outputLines.append(line)
            }
        }
        while let last = outputLines.last, ConsoleTranscript.isBlank(last) { outputLines.removeLast() }
        while let first = outputLines.first, ConsoleTranscript.isBlank(first) { outputLines.removeFirst() }
        commands = commandLines.joined(separator: "\n") + "\n"
        expectedOutput = outputLines.isEmpty ? nil : outputLines.joined(separator: "\n") + "\n"
        firstOutputLineIndex = firstOutput
    }

    /// The lines of `code` split at each `\n`, found on bytes: splitting on Characters cost
    /// more than the rest of a console block. A line feed always ends a Character unless it
    /// follows a carriage return, so only text with `\r` needs the Character split.
    private static func lines(of code: String) -> [Substring] {
        let utf8 = code.utf8
        if utf8.contains(0x0D) { return code.split(separator: "\n", omittingEmptySubsequences: false) }
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == 0x0A {
                lines.append(Substring(utf8[start..<index]))
                start = utf8.index(after: index)
            }
            utf8.formIndex(after: &index)
        }
        lines.append(Substring(utf8[start...]))
        return lines
    }

    /// `line.allSatisfy(\.isWhitespace)`, answered on bytes unless the line has non-ASCII text.
    private static func isBlank(_ line: Substring) -> Bool {
        for byte in line.utf8 {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { continue }
            // An ASCII byte is a Character of its own here, and not white space.
            return byte >= 0x80 ? line.allSatisfy(\.isWhitespace) : false
        }
        return true
    }

    private static func isPrompt(_ line: Substring) -> Bool {
        line == "$" || line.hasPrefix("$ ")
    }
}

private extension Array where Element == Substring {
    func dropLastIfEmpty() -> [Substring] {
        last == "" ? Array(dropLast()) : self
    }
}
