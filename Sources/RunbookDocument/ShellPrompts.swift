import Foundation

/// `$ ` prompts pasted into a shell block, removed the way Runme removes them.
///
/// Nobody writing `$ make` in a `bash` block means to run a command named `$`: the prompt is
/// copied from a terminal. Each line whose first non-blank characters are `$ ` (or a lone `$`)
/// loses the prompt; every other line is kept as written, so commands without a prompt and the
/// bodies of here-documents survive (a body line is never touched, even one starting with `$ `).
/// Line count is unchanged, so file line numbers still hold.
public enum ShellPrompts {
    /// The block's text without its prompts, and per line how many characters were removed
    /// after the indentation (2 for `$ `, 1 for a lone `$`, else 0).
    public struct Stripped: Hashable, Sendable {
        public var text: String
        public var removed: [Int]
        /// True when at least one prompt was removed.
        public var hadPrompts: Bool { removed.contains { $0 > 0 } }
    }

    /// `strip(code).text`, without the per-line counts.
    public static func strippedText(_ code: String) -> String {
        mayHavePrompt(code) ? strip(code).text : code
    }

    public static func strip(_ code: String) -> Stripped {
        // Nearly every block has no prompt: one pass over the bytes says so.
        guard mayHavePrompt(code) else {
            var code = code
            let lines = code.withUTF8 { bytes in bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 } }
            return Stripped(text: code, removed: Array(repeating: 0, count: lines))
        }
        // Bytes, not Characters: every prompt and delimiter is ASCII, and this reads every
        // line of every shell block.
        let bytes = Array(code.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var removed: [Int] = []
        var heredocEnds: [(word: [UInt8], allowsTabs: Bool)] = []
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let line = bytes[lineStart..<lineEnd]
            if lineStart > 0 { output.append(0x0A) }
            if let pending = heredocEnds.first {
                output += line
                removed.append(0)
                let candidate = pending.allowsTabs ? line.drop { $0 == 0x09 } : line[...]
                if candidate.elementsEqual(pending.word) { heredocEnds.removeFirst() }
            } else {
                let indentationEnd = line.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? line.endIndex
                var cut = 0
                if indentationEnd < line.endIndex, line[indentationEnd] == 0x24 {
                    let next = indentationEnd + 1
                    if next == line.endIndex { cut = 1 } else if line[next] == 0x20 { cut = 2 }
                }
                // The line goes out without its prompt, appended in place: no array per line.
                let keptStart = output.count
                output += line[..<indentationEnd]
                output += line[(indentationEnd + cut)...]
                removed.append(cut)
                // A here-document starts at `<<`: a line without `<` opens none.
                if line.contains(0x3C) { heredocEnds += hereDocumentEnds(in: output[keptStart...]) }
            }
            lineStart = lineEnd + 1
        }
        return Stripped(text: String(decoding: output, as: UTF8.self), removed: removed)
    }

    /// True when some line's first non-blank byte is `$` followed by a space or the line's end.
    /// Every shell block is asked, and most have no `$` at a line's start: `memchr` finds each
    /// `$`, and only the blanks before it and the byte after it are looked at.
    public static func mayHavePrompt(_ code: String) -> Bool {
        var code = code
        return code.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            var from = 0
            while from < bytes.count, let found = memchr(base + from, 0x24, bytes.count - from) {
                let dollar = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
                var before = dollar - 1
                while before >= 0, bytes[before] == 0x20 || bytes[before] == 0x09 { before -= 1 }
                if before < 0 || bytes[before] == 0x0A {
                    let next = dollar + 1
                    if next == bytes.count || bytes[next] == 0x20 || bytes[next] == 0x0A { return true }
                }
                from = dollar + 1
            }
            return false
        }
    }

    /// Bytes that end a here-document's delimiter word: blanks and shell operators.
    private static let wordEnds: Set<UInt8> = Set(" \t;|&<>()".utf8)

    /// The delimiters of the here-documents a command line opens (`<<EOF`, `<<-'END'`,
    /// `<< "X"`), in order; a here-string (`<<<`) opens none.
    static func hereDocumentEnds(in line: ArraySlice<UInt8>) -> [(word: [UInt8], allowsTabs: Bool)] {
        var ends: [(word: [UInt8], allowsTabs: Bool)] = []
        var index = line.startIndex
        var quote: UInt8?
        var previous: UInt8 = 0x20
        while index < line.endIndex {
            let byte = line[index]
            index += 1
            defer { previous = byte }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            if byte == 0x27 || byte == 0x22 { quote = byte; continue }
            if byte == 0x23, previous == 0x20 || previous == 0x09 { break }
            guard byte == 0x3C, index < line.endIndex, line[index] == 0x3C else { continue }
            index += 1
            if index < line.endIndex, line[index] == 0x3C {
                index += 1
                continue
            }
            var allowsTabs = false
            if index < line.endIndex, line[index] == 0x2D {
                allowsTabs = true
                index += 1
            }
            while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
            var word: [UInt8] = []
            // The word ends at a blank or an operator; its quotes and backslashes are dropped.
            while index < line.endIndex, !wordEnds.contains(line[index]) {
                let next = line[index]
                if next != 0x27 && next != 0x22 && next != 0x5C { word.append(next) }
                index += 1
            }
            if !word.isEmpty { ends.append((word, allowsTabs)) }
        }
        return ends
    }
}
