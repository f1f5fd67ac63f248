/// The one word-wrapper of the package: prose and table cells are broken at spaces so that no
/// line passes a width, for listings and screens that must fit the terminal.
public enum WordWrap {
    /// `text` wrapped at word boundaries into lines of at most `width` characters (after
    /// `indent`, which starts every line). Paragraphs (separated by newlines) keep their breaks;
    /// runs of blank lines become one, and none is left at either end. A word longer than the
    /// room is put on a line of its own and cut only when `breakLongWords` is set: an id or a
    /// path stays whole and may pass the width rather than become two wrong words. `measure`
    /// gives a word's width on screen (a styled word's escapes take none).
    public static func lines(
        _ text: String, width: Int, indent: String = "", breakLongWords: Bool = false,
        measure: (Substring) -> Int = { $0.count }
    ) -> [String] {
        let room = max(1, width - indent.count)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = paragraph.split(separator: " ", omittingEmptySubsequences: true)
            if words.isEmpty {
                if !lines.isEmpty, lines.last != indent { lines.append(indent) }
                continue
            }
            var current = "", currentWidth = 0
            for word in words {
                var word = Substring(word), wordWidth = measure(word)
                if !current.isEmpty, currentWidth + 1 + wordWidth > room {
                    lines.append(indent + current)
                    current = ""
                    currentWidth = 0
                }
                while breakLongWords, current.isEmpty, wordWidth > room {
                    lines.append(indent + word.prefix(room))
                    word = word.dropFirst(room)
                    wordWidth = measure(word)
                }
                current += (current.isEmpty ? "" : " ") + word
                currentWidth += (currentWidth == 0 ? 0 : 1) + wordWidth
            }
            if !current.isEmpty { lines.append(indent + current) }
        }
        while lines.last == indent { lines.removeLast() }
        return lines
    }

    /// One line of a command split into pieces of at most `width` characters, preferring to
    /// break after a space; every piece after the first is to be shown behind a continuation
    /// mark, since the shell would read a real line break differently.
    public static func commandPieces(_ line: String, width: Int) -> [String] {
        let room = max(8, width)
        var pieces: [String] = []
        var rest = Substring(line)
        while rest.count > room {
            let window = rest.prefix(room)
            // Break after the last space in the window, unless that leaves a tiny piece.
            var cut = window.endIndex
            if let space = window.lastIndex(of: " "), window.distance(from: window.startIndex, to: space) >= room / 3 {
                cut = window.index(after: space)
            }
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        pieces.append(String(rest))
        return pieces
    }
}
