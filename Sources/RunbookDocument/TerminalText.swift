/// Text from a runbook or from the records made safe to print: the one sanitiser every command
/// uses before such text reaches a terminal, a pipe or a file.
///
/// A title, a note, stored output or an imported field can carry ESC, BEL or C1 controls that
/// retitle the window, clear the screen, move the cursor or paste into the operator's shell.
/// Control characters are shown the way `cat -v` shows them (`^[`, `^G`, `^?`; C1 as `<9B>`),
/// except newline, tab and the carriage return of a `\r\n` line end. Only the tool's own
/// colours (TextStyle) are escape sequences.
public enum TerminalText {
    /// `text` with its control characters made visible.
    public static func visible(_ text: String) -> String {
        // Most text has no control characters: return it as it is, without a copy.
        guard text.utf8.contains(where: isControlByte) || text.unicodeScalars.contains(where: isC1) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x0A, 0x09:
                result.append(scalar)
            case 0x0D where index + 1 < scalars.count && scalars[index + 1] == "\n":
                result.append(scalar)
            case 0x00...0x1F:
                result.append("^")
                result.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
            case 0x7F:
                result.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F:
                result.append(contentsOf: "<\(String(scalar.value, radix: 16, uppercase: true))>".unicodeScalars)
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// `visible(_:)` for bytes about to be written (a record's stored text), as UTF-8.
    public static func visible(bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: isControlByte) || bytes.contains(0xC2) else { return bytes }
        return Array(visible(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    private static func isControlByte(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F
    }

    private static func isC1(_ scalar: Unicode.Scalar) -> Bool { (0x80...0x9F).contains(scalar.value) }
}
