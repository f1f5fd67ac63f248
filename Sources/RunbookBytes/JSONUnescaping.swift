/// Reads a JSON string's escapes: the other half of `JSONEscaping`, shared by every flat-JSON
/// reader.
package enum JSONUnescaping {
    /// Appends the contents of a JSON string (`text`, between its quotes) to `out` with its
    /// escapes read. False for an escape JSON does not have or a lone surrogate; `out` then
    /// holds part of the text.
    package static func append(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        var index = 0
        while index < text.count {
            var runEnd = index
            while runEnd < text.count, text[runEnd] != ASCII.backslash { runEnd += 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd]))
            index = runEnd
            guard index < text.count else { break }
            guard index + 1 < text.count else { return false }
            let escape = text[index + 1]
            index += 2
            switch escape {
            case ASCII.quote, ASCII.backslash, ASCII.slash: out.append(escape)
            case UInt8(ascii: "n"): out.append(ASCII.newline)
            case UInt8(ascii: "t"): out.append(ASCII.tab)
            case UInt8(ascii: "r"): out.append(ASCII.carriageReturn)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(ASCII.formFeed)
            case UInt8(ascii: "u"):
                guard var code = hex4(text, at: index) else { return false }
                index += 4
                if code >= 0xD800, code < 0xDC00 {
                    guard index + 1 < text.count, text[index] == ASCII.backslash, text[index + 1] == UInt8(ascii: "u"),
                        let low = hex4(text, at: index + 2), low >= 0xDC00, low < 0xE000
                    else { return false }
                    index += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00, code < 0xE000 {
                    return false
                }
                guard let scalar = Unicode.Scalar(code) else { return false }
                out.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return false
            }
        }
        return true
    }

    /// The four hexadecimal digits at `at`, or nil.
    private static func hex4(_ text: UnsafeBufferPointer<UInt8>, at: Int) -> UInt32? {
        guard at + 4 <= text.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = text[at + offset]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
