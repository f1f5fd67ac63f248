/// Reads the output of a shell's `export -p`: bash (`declare -x NAME="v"`, `$'…'` for control
/// characters), POSIX sh and dash (`export NAME='v'`), zsh (`export NAME=v`, `typeset -x`).
///
/// `export -p` is a builtin everywhere, so capturing a step's environment costs no extra
/// process, unlike `env -0`.
enum ShellExportParser {
    /// Exported names with their values; an exported name without a value maps to `nil`.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [String: String?] {
        var parser = Cursor(bytes: Array(bytes))
        var result: [String: String?] = [:]
        while !parser.atEnd {
            parser.skip { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }
            guard !parser.atEnd else { break }
            let keyword = parser.bareWord()
            guard keyword == "declare" || keyword == "export" || keyword == "typeset" else {
                parser.skipLine()
                continue
            }
            parser.skip { $0 == 0x20 }
            // Flags such as -x, -rx, -ix.
            while parser.peek == UInt8(ascii: "-") {
                _ = parser.bareWord()
                parser.skip { $0 == 0x20 }
            }
            let name = parser.name()
            guard !name.isEmpty else { parser.skipLine(); continue }
            if parser.peek == UInt8(ascii: "=") {
                parser.advance()
                result[name] = parser.shellWord()
            } else {
                result[name] = .some(nil)
            }
            parser.skipLine()
        }
        return result
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }
        mutating func advance() { index += 1 }

        mutating func skip(while predicate: (UInt8) -> Bool) {
            while let byte = peek, predicate(byte) { index += 1 }
        }

        mutating func skipLine() {
            while let byte = peek, byte != 0x0A { index += 1 }
        }

        mutating func bareWord() -> String {
            let start = index
            while let byte = peek, byte != 0x20, byte != 0x0A, byte != 0x09 { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func name() -> String {
            let start = index
            while let byte = peek,
                byte == 0x5F || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
            {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// One shell word: quoted and unquoted parts concatenated, up to unquoted whitespace.
        mutating func shellWord() -> String {
            var value: [UInt8] = []
            while let byte = peek, byte != 0x20, byte != 0x0A, byte != 0x09 {
                switch byte {
                case UInt8(ascii: "'"):
                    advance()
                    while let inner = peek, inner != UInt8(ascii: "'") { value.append(inner); advance() }
                    advance()
                case UInt8(ascii: "\""):
                    advance()
                    while let inner = peek, inner != UInt8(ascii: "\"") {
                        advance()
                        if inner == UInt8(ascii: "\\"), let next = peek,
                            next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "$")
                                || next == UInt8(ascii: "`") || next == 0x0A
                        {
                            advance()
                            if next != 0x0A { value.append(next) }
                        } else {
                            value.append(inner)
                        }
                    }
                    advance()
                case UInt8(ascii: "$") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "'"):
                    index += 2
                    ansiC(into: &value)
                case UInt8(ascii: "\\"):
                    advance()
                    if let next = peek { value.append(next); advance() }
                default:
                    value.append(byte)
                    advance()
                }
            }
            return String(decoding: value, as: UTF8.self)
        }

        /// The body of `$'…'` after the opening quote, through the closing one.
        private mutating func ansiC(into value: inout [UInt8]) {
            while let byte = peek, byte != UInt8(ascii: "'") {
                advance()
                guard byte == UInt8(ascii: "\\"), let escape = peek else { value.append(byte); continue }
                advance()
                switch escape {
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "a"): value.append(0x07)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "e"), UInt8(ascii: "E"): value.append(0x1B)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "v"): value.append(0x0B)
                case UInt8(ascii: "x"):
                    value.append(UInt8(number(radix: 16, maxDigits: 2)))
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    index -= 1
                    value.append(UInt8(truncatingIfNeeded: number(radix: 8, maxDigits: 3)))
                case UInt8(ascii: "c"):
                    if let control = peek { value.append(control & 0x1F); advance() }
                default:
                    value.append(escape)
                }
            }
            advance()
        }

        private mutating func number(radix: Int, maxDigits: Int) -> Int {
            var result = 0
            for _ in 0..<maxDigits {
                guard let byte = peek, let digit = Int(String(UnicodeScalar(byte)), radix: radix) else { break }
                result = result * radix + digit
                advance()
            }
            return result
        }
    }
}
