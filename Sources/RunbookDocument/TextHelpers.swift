/// Small text helpers shared by the layers of this package. Native Swift on purpose: Foundation's
/// `trimmingCharacters(in:)` bridges through NSString on Linux, and every line of a runbook is
/// trimmed.
extension StringProtocol {
    package func count(of character: Character) -> Int { reduce(0) { $1 == character ? $0 + 1 : $0 } }

    /// The text without leading and trailing white space (newlines included).
    /// Works on UTF-8 bytes: only ASCII white space is trimmed, which is all Markdown treats as
    /// white space, and it avoids grapheme breaking on every paragraph.
    package func trimmingWhitespace() -> String {
        let utf8 = Substring(self).utf8
        guard let first = utf8.firstIndex(where: { !isASCIIWhitespace($0) }),
            let last = utf8.lastIndex(where: { !isASCIIWhitespace($0) })
        else { return "" }
        // Edges that are ASCII bytes cannot start or end a non-ASCII space, so the common case
        // needs no Character (grapheme breaking and Unicode properties cost more than the rest).
        if utf8[first] < 0x80 && utf8[last] < 0x80 { return String(Substring(utf8[first...last])) }
        let trimmed = Substring(utf8[first...last])
        // Rare non-ASCII spaces (a no-break space pasted from a web page) take the slow path.
        if let edge = trimmed.first, edge.isWhitespace, !edge.isASCII {
            return String(trimmed.drop(while: \.isWhitespace)).trimmingWhitespace()
        }
        if let edge = trimmed.last, edge.isWhitespace, !edge.isASCII {
            return String(
                trimmed[
                    ..<(trimmed.lastIndex { !$0.isWhitespace }.map { trimmed.index(after: $0) } ?? trimmed.startIndex)])
        }
        return String(trimmed)
    }
}

@inline(__always)
private func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
}
