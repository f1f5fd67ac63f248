/// One line of a command's output as bytes, and whether a line feed ended it.
struct OutputLine: Sendable, Hashable {
    var bytes: [UInt8]
    var hasLineFeed: Bool

    /// The lines of `bytes`; a last line without a line feed has `hasLineFeed` false.
    static func split(_ bytes: [UInt8]) -> [OutputLine] {
        var lines: [OutputLine] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            lines.append(OutputLine(bytes: Array(bytes[start..<index]), hasLineFeed: true))
            start = index + 1
        }
        if start < bytes.count { lines.append(OutputLine(bytes: Array(bytes[start...]), hasLineFeed: false)) }
        return lines
    }

    /// The line as its text when it is printable UTF-8, else escaped, as an expected line
    /// that matches it would be written (`… (esc)`, `… (no-eol)`).
    var display: String {
        var text =
            OutputLine.needsEscaping(bytes)
            ? OutputLine.escaped(bytes) + " (esc)" : String(decoding: bytes, as: UTF8.self)
        if !hasLineFeed { text += " (no-eol)" }
        return text
    }

    /// The line as text for a regular expression or glob: escaped when it is not UTF-8.
    var text: String {
        String(validating: bytes, as: UTF8.self) ?? OutputLine.escaped(bytes)
    }

    /// True when the bytes are not UTF-8 or hold control characters other than tab.
    static func needsEscaping(_ bytes: [UInt8]) -> Bool {
        if bytes.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) { return true }
        return String(validating: bytes, as: UTF8.self) == nil
    }

    /// `bytes` with backslashes, control characters and bytes that are not UTF-8 written as
    /// escapes (`\\`, `\t`, `\r`, `\xNN`), the form an ` (esc)` line is read in.
    static func escaped(_ bytes: [UInt8]) -> String {
        var result = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80, let length = OutputLine.scalarLength(bytes, at: index) {
                result += String(decoding: bytes[index..<(index + length)], as: UTF8.self)
                index += length
                continue
            }
            switch byte {
            case 0x5C: result += "\\\\"
            case 0x09: result += "\\t"
            case 0x0D: result += "\\r"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            default: result += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
            index += 1
        }
        return result
    }

    /// The length of a valid UTF-8 sequence starting at `index` that is not a control
    /// character, or nil.
    private static func scalarLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard length > 0, index + length <= bytes.count,
            let text = String(validating: bytes[index..<(index + length)], as: UTF8.self),
            let scalar = text.unicodeScalars.first, !(0x80...0x9F).contains(scalar.value)
        else { return nil }
        return length
    }
}
