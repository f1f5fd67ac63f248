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
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).dropLastIfEmpty()
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
                if firstOutput == nil, !line.allSatisfy(\.isWhitespace) { firstOutput = index }
                outputLines.append(line)
            }
        }
        while let last = outputLines.last, last.allSatisfy(\.isWhitespace) { outputLines.removeLast() }
        while let first = outputLines.first, first.allSatisfy(\.isWhitespace) { outputLines.removeFirst() }
        commands = commandLines.joined(separator: "\n") + "\n"
        expectedOutput = outputLines.isEmpty ? nil : outputLines.joined(separator: "\n") + "\n"
        firstOutputLineIndex = firstOutput
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
