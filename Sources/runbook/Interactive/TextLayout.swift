import RunbookKit

/// Small text helpers for an 80-column screen.
enum TextLayout {
    /// Wraps prose at `width` columns, keeping blank lines between paragraphs.
    static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        WordWrap.lines(text, width: width, indent: indent)
    }

    /// Cuts `text` to `width` characters, marking the cut with an ellipsis.
    static func truncate(_ text: String, _ width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// The `$NAME` / `${NAME}` references in a command, in order of appearance.
    static func variableReferences(in command: String) -> [String] {
        ShellLines.variableReferences(in: command)
    }

    /// Joins styled items with `separator`, starting a new line before one that would pass
    /// `width` (measured without the escape sequences).
    static func join(_ items: [String], separator: String, width: Int, style: TextStyle) -> [String] {
        var lines: [String] = []
        var current = "", currentWidth = 0
        for item in items {
            let itemWidth = visibleWidth(item)
            if currentWidth > 0, currentWidth + separator.count + itemWidth > width {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            if currentWidth > 0 {
                current += style.dim(separator)
                currentWidth += separator.count
            }
            current += item
            currentWidth += itemWidth
        }
        if currentWidth > 0 { lines.append(current) }
        return lines
    }

    /// Characters that take a column: escape sequences do not.
    static func visibleWidth(_ text: String) -> Int {
        var width = 0, inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}
