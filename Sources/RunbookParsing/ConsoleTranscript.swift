import RunbookDocument

/// Splits a `console` block into its commands, each with the output and exit status it is
/// expected to have, the way cram reads a `.t` transcript.
///
/// A line starting with `$ ` (or a lone `$`) starts a command. The lines right after it that
/// start with `> ` (or are a lone `>`) continue it, as do lines after one ending in `\`; so
/// heredocs, functions and loops keep their shape. Every other line up to the next prompt is
/// the command's expected output, exactly as written (blank lines included), except that a
/// last line `[N]` is the exit status it is expected to end with. Blank lines at the very end
/// of the block are not output. Lines before the first prompt are commentary. A block with no
/// prompt at all is read as plain commands, since many runbooks (the OpenShift ones among them)
/// label bare commands `console`.
struct ConsoleTranscript {
    var commands: String
    var expectedOutput: String?
    /// Body-relative index of the first output line, when there is output.
    var firstOutputLineIndex: Int?
    /// The prompted commands one by one; empty for a block without prompts.
    var entries: [TranscriptCommand] = []

    /// `firstLine` is the file line of the block's first line, for the entries' locations.
    init(_ code: String, firstLine: Int = 1) {
        let lines = ConsoleTranscript.lines(of: code).dropLastIfEmpty()
        guard lines.contains(where: ConsoleTranscript.isPrompt) else {
            commands = code
            expectedOutput = nil
            firstOutputLineIndex = nil
            return
        }
        struct Pending {
            var command: [Substring]
            var output: [Substring] = []
            var line: Int
            var continuing: Bool
        }
        var pending: [Pending] = []
        var firstOutput: Int?
        for (index, line) in lines.enumerated() {
            if ConsoleTranscript.isPrompt(line) {
                let command = line.dropFirst(line.hasPrefix("$ ") ? 2 : 1)
                pending.append(
                    Pending(command: [command], line: firstLine + index, continuing: command.hasSuffix("\\")))
                continue
            }
            guard var current = pending.popLast() else { continue }
            if current.output.isEmpty, current.continuing || line == ">" || line.hasPrefix("> ") {
                let stripped = line == ">" ? "" : line.hasPrefix("> ") ? line.dropFirst(2) : line
                current.command.append(stripped)
                current.continuing = stripped.hasSuffix("\\")
            } else {
                if firstOutput == nil, !ConsoleTranscript.isBlank(line) { firstOutput = index }
                current.output.append(line)
                current.continuing = false
            }
            pending.append(current)
        }
        if var last = pending.popLast() {
            while let blank = last.output.last, ConsoleTranscript.isBlank(blank) { last.output.removeLast() }
            pending.append(last)
        }
        entries = pending.map { item in
            var output = item.output.map(String.init)
            var status = 0
            if let last = output.last, let written = ConsoleTranscript.exitStatus(last) {
                status = written
                output.removeLast()
            }
            return TranscriptCommand(
                command: item.command.joined(separator: "\n"), expectedOutput: output, expectedExitStatus: status,
                line: item.line, outputLine: item.line + item.command.count)
        }
        commands = entries.map(\.command).joined(separator: "\n") + "\n"
        let allOutput = entries.flatMap(\.expectedOutput)
        expectedOutput = allOutput.isEmpty ? nil : allOutput.joined(separator: "\n") + "\n"
        firstOutputLineIndex = firstOutput
    }

    /// The status in a cram exit status line `[N]`, if `line` is one.
    static func exitStatus(_ line: String) -> Int? {
        guard line.hasPrefix("["), line.hasSuffix("]"), line.count > 2 else { return nil }
        let digits = line.dropFirst().dropLast()
        guard digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let status = Int(digits),
            (0...255).contains(status)
        else { return nil }
        return status
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

extension Array where Element == Substring {
    fileprivate func dropLastIfEmpty() -> [Substring] {
        last == "" ? Array(dropLast()) : self
    }
}
