import RunbookDocument

/// The shell text a step runs, with a map from every byte back to the file.
///
/// A `console` block's prompts are removed and its output lines blanked, so the text is what
/// runs (continuation lines included) while line numbers still match the file. Front-matter commands have no block; all
/// their positions map to the entry's location.
public struct ScriptView: Sendable {
    public let text: [UInt8]
    private let path: String
    /// Per script line: file line and how many columns were cut off its start.
    private let lines: [(fileLine: Int, columnShift: Int)]
    private let lineStarts: [Int]
    /// Set for front-matter commands: every position maps here.
    private let fixedLocation: SourceLocation?

    /// The text of `step`, or nil when the step runs nothing.
    public init?(step: Step) {
        guard step.kind.isExecutable else { return nil }
        guard let block = step.block else {
            self.init(text: Array(step.command.utf8), path: step.location.file, lines: [], fixed: step.location)
            return
        }
        let indent = block.isIndented ? 0 : block.location.column - 1
        if step.kind == .console {
            var text: [UInt8] = []
            var lines: [(Int, Int)] = []
            let hasPrompt = block.code.split(separator: "\n", omittingEmptySubsequences: false)
                .contains { $0 == "$" || $0.hasPrefix("$ ") }
            // Read as the engine reads a transcript: `> ` lines right after a command continue
            // it (heredocs, functions), as does any line after one ending in `\`.
            var continuing = false
            var inCommand = false
            for (index, line) in block.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var kept: Substring = ""
                var shift = indent
                if !hasPrompt {
                    kept = line
                } else if line == "$" || line.hasPrefix("$ ") {
                    kept = line.dropFirst(min(2, line.count))
                    shift += 2
                    inCommand = true
                } else if inCommand, continuing || line == ">" || line.hasPrefix("> ") {
                    if line.hasPrefix("> ") { kept = line.dropFirst(2); shift += 2 } else if line != ">" { kept = line }
                } else {
                    kept = ""
                    inCommand = false
                }
                continuing = hasPrompt && (kept.hasSuffix("\\"))
                if index > 0 { text.append(0x0A) }
                text.append(contentsOf: kept.utf8)
                lines.append((block.firstCodeLine + index, shift))
            }
            self.init(text: text, path: block.location.file, lines: lines, fixed: nil)
        } else {
            // `$ ` prompts are not part of what runs (ShellPrompts); positions after one shift
            // right by what was removed.
            let stripped = ShellPrompts.strip(block.code)
            let lines = stripped.removed.enumerated().map { (block.firstCodeLine + $0, indent + $1) }
            self.init(text: Array(stripped.text.utf8), path: block.location.file, lines: lines, fixed: nil)
        }
    }

    /// A view over free text, for tests and nested scripts.
    public init(text: String, path: String, firstLine: Int, columnShift: Int = 0) {
        let count = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        self.init(
            text: Array(text.utf8), path: path, lines: (0..<count).map { (firstLine + $0, columnShift) }, fixed: nil)
    }

    private init(text: [UInt8], path: String, lines: [(Int, Int)], fixed: SourceLocation?) {
        self.text = text
        self.path = path
        self.lines = lines
        self.fixedLocation = fixed
        var starts = [0]
        for (index, byte) in text.enumerated() where byte == 0x0A { starts.append(index + 1) }
        self.lineStarts = starts
    }

    /// The file location of byte `offset`.
    public func location(ofOffset offset: Int) -> SourceLocation {
        if let fixedLocation { return fixedLocation }
        let index = lineIndex(ofOffset: offset)
        let column = offset - lineStarts[index] + 1
        guard lines.indices.contains(index) else {
            return SourceLocation(file: path, line: lines.last?.fileLine ?? 1, column: column)
        }
        return SourceLocation(file: path, line: lines[index].fileLine, column: column + lines[index].columnShift)
    }

    /// The file location of script line `line` (1-based) and column `column`, as shellcheck
    /// reports them.
    public func location(line: Int, column: Int) -> SourceLocation {
        if let fixedLocation { return fixedLocation }
        let index = max(0, min(line - 1, lines.count - 1))
        guard lines.indices.contains(index) else { return SourceLocation(file: path, line: 1, column: column) }
        return SourceLocation(file: path, line: lines[index].fileLine, column: column + lines[index].columnShift)
    }

    /// Number of lines in the text.
    public var lineCount: Int { lineStarts.count }

    /// True when the view maps positions line by line (the step comes from a block).
    public var hasLineMap: Bool { fixedLocation == nil }

    /// The text of script line `index` (0-based), without its newline.
    public func line(_ index: Int) -> ArraySlice<UInt8> {
        let start = lineStarts[index]
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : text.count
        return text[start..<end]
    }

    private func lineIndex(ofOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
