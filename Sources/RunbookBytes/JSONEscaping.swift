/// How a JSON string is escaped, written once for every JSON writer: `"` and `\` with a
/// backslash, the control characters with a name (`\n`, `\r`, `\t`, `\b`, `\f`) or as `\u00XX`,
/// everything else (UTF-8 included) as it is. Plain text is skipped eight bytes at a time.
///
/// Public, not package: the compiler inlines a public type's `@inlinable` members into the
/// other modules, but calls a package type's (Swift 6.3), and these run once per byte or word.
public enum JSONEscaping {
    /// True when `byte` must be escaped inside a JSON string.
    @inlinable
    package static func needsEscape(_ byte: UInt8) -> Bool {
        byte < ASCII.space || byte == ASCII.quote || byte == ASCII.backslash
    }

    /// How many bytes from `base` need no escaping.
    @inlinable
    package static func cleanPrefixLength(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var index = 0
        while index + 8 <= count, !ByteWord.needsJSONEscape(ByteWord.load(base + index)) { index += 8 }
        while index < count, !needsEscape(base[index]) { index += 1 }
        return index
    }

    /// The most bytes one byte can take escaped (`\u00XX`).
    @inlinable package static var maximumEscapedLength: Int { 6 }

    /// Writes `byte` as it appears inside a JSON string at `out` (room for
    /// `maximumEscapedLength` bytes); returns how many bytes that took.
    @inlinable
    package static func writeEscaped(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> Int {
        guard needsEscape(byte) else { out[0] = byte; return 1 }
        out[0] = ASCII.backslash
        switch byte {
        case ASCII.quote: out[1] = ASCII.quote
        case ASCII.backslash: out[1] = ASCII.backslash
        case ASCII.newline: out[1] = UInt8(ascii: "n")
        case ASCII.carriageReturn: out[1] = UInt8(ascii: "r")
        case ASCII.tab: out[1] = UInt8(ascii: "t")
        case 0x08: out[1] = UInt8(ascii: "b")
        case ASCII.formFeed: out[1] = UInt8(ascii: "f")
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = UInt8(ascii: "u"); out[2] = ASCII.zero; out[3] = ASCII.zero
            out[4] = hex.utf8Start[Int(byte >> 4)]
            out[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        }
        return 2
    }

    /// Writes the `count` bytes at `base` escaped, without quotes, into `room`, which holds
    /// `count * maximumEscapedLength` bytes; the first `cleanPrefix` are known to need no
    /// escaping. Clean words of eight bytes are stored as they are. Returns the count written.
    @inlinable
    package static func escape(
        _ base: UnsafePointer<UInt8>, _ count: Int, cleanPrefix: Int, into room: UnsafeMutablePointer<UInt8>
    ) -> Int {
        UnsafeMutableRawPointer(room).copyMemory(from: base, byteCount: cleanPrefix)
        var out = cleanPrefix
        var index = cleanPrefix
        while index < count {
            if index + 8 <= count {
                let word = ByteWord.load(base + index)
                if !ByteWord.needsJSONEscape(word) {
                    UnsafeMutableRawPointer(room + out).storeBytes(of: word, as: UInt64.self)
                    out += 8
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                out += writeEscaped(base[index], at: room + out)
                index += 1
            }
        }
        return out
    }

    /// Appends `text` to `out` as a quoted JSON string.
    package static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(ASCII.quote)
        guard let base = text.baseAddress, text.count > 0 else { out.append(ASCII.quote); return }
        let clean = cleanPrefixLength(base, text.count)
        if clean == text.count {
            out.append(contentsOf: text)
        } else {
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: clean))
            var index = clean
            var runStart = clean
            var escaped: (UInt64, UInt64) = (0, 0)
            while index < text.count {
                while index + 8 <= text.count, !ByteWord.needsJSONEscape(ByteWord.load(base + index)) { index += 8 }
                guard index < text.count else { break }
                let byte = base[index]
                guard needsEscape(byte) else { index += 1; continue }
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                withUnsafeMutableBytes(of: &escaped) { scratch in
                    let room = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    out.append(contentsOf: UnsafeBufferPointer(start: room, count: writeEscaped(byte, at: room)))
                }
                index += 1
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: text.count - runStart))
        }
        out.append(ASCII.quote)
    }
}
