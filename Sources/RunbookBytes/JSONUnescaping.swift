/// Reads a JSON string's escapes: the other half of `JSONEscaping`, shared by every flat-JSON
/// reader.
package enum JSONUnescaping {
    /// Appends the contents of a JSON string (`text`, between its quotes) to `out` with its
    /// escapes read. False for an escape JSON does not have or a lone surrogate; `out` then
    /// holds part of the text.
    package static func append(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
        var index = 0
        var escaped: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        while index < text.count {
            var runEnd = index
            while runEnd < text.count, text[runEnd] != ASCII.backslash { runEnd += 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd]))
            index = runEnd
            guard index < text.count else { break }
            let read = withUnsafeMutableBytes(of: &escaped) { bytes in
                readEscape(text, at: index, to: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
            guard let read else { return false }
            withUnsafeBytes(of: &escaped) { out.append(contentsOf: $0.prefix(read.written)) }
            index = read.next
        }
        return true
    }

    /// The contents of a JSON string (`text`, between its quotes) with its escapes read, made
    /// into a String in place: no scratch buffer copied afterwards. Bytes that are not UTF-8
    /// are repaired as `String(decoding:as:)` repairs them. Nil for an escape JSON does not
    /// have or a lone surrogate.
    package static func string(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        var valid = true
        // What an escape stands for is never longer than the escape: the text's length is room
        // enough.
        let result = String(unsafeUninitializedCapacity: max(text.count, 1)) { out in
            var at = 0
            var index = 0
            while index < text.count {
                let byte = text[index]
                if byte != ASCII.backslash {
                    out[at] = byte
                    at += 1
                    index += 1
                    continue
                }
                guard let read = readEscape(text, at: index, to: out.baseAddress! + at) else {
                    valid = false
                    return 0
                }
                at += read.written
                index = read.next
            }
            return at
        }
        return valid ? result : nil
    }

    /// The escape whose backslash is at `index`, written at `out` (at most 4 bytes, never more
    /// than the escape's own length): how many bytes, and the index after the escape. Nil for
    /// an escape JSON does not have or a lone surrogate.
    private static func readEscape(
        _ text: UnsafeBufferPointer<UInt8>, at index: Int, to out: UnsafeMutablePointer<UInt8>
    )
        -> (written: Int, next: Int)?
    {
        guard index + 1 < text.count else { return nil }
        let escape = text[index + 1]
        var next = index + 2
        switch escape {
        case ASCII.quote, ASCII.backslash, ASCII.slash: out[0] = escape
        case UInt8(ascii: "n"): out[0] = ASCII.newline
        case UInt8(ascii: "t"): out[0] = ASCII.tab
        case UInt8(ascii: "r"): out[0] = ASCII.carriageReturn
        case UInt8(ascii: "b"): out[0] = 0x08
        case UInt8(ascii: "f"): out[0] = ASCII.formFeed
        case UInt8(ascii: "u"):
            guard var code = hex4(text, at: next) else { return nil }
            next += 4
            if code >= 0xD800, code < 0xDC00 {
                guard next + 1 < text.count, text[next] == ASCII.backslash, text[next + 1] == UInt8(ascii: "u"),
                    let low = hex4(text, at: next + 2), low >= 0xDC00, low < 0xE000
                else { return nil }
                next += 6
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if code >= 0xDC00, code < 0xE000 {
                return nil
            }
            guard let scalar = Unicode.Scalar(code) else { return nil }
            var written = 0
            for byte in UTF8.encode(scalar)! {
                out[written] = byte
                written += 1
            }
            return (written, next)
        default:
            return nil
        }
        return (1, next)
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
