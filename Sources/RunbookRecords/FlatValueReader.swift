import Foundation

/// Turns the values `FlatPayloadReader` found into Swift values, from the bytes of the body
/// being read: strings (their escapes read, working directories shared), integers as
/// `JSONEncoder` writes them, doubles as the decoder parses them.
public struct FlatValueReader {
    /// The body being read.
    var body = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var scratch: [UInt8] = []
    /// Working directories repeat in every `step-started` event.
    private var interned = InternedStrings()

    init() {}

    mutating func string(_ range: Range<Int>, escaped: Bool, interned: Bool) -> String? {
        let bytes = UnsafeBufferPointer(rebasing: body[range])
        if !escaped { return interned ? self.interned.string(bytes) : String(decoding: bytes, as: UTF8.self) }
        return unescape(bytes)
    }

    /// Digits with an optional minus sign, as `JSONEncoder` writes an `Int`; nil for anything
    /// else (a fraction, an exponent, more digits than fit).
    func integer(_ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let negative = body[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound, range.upperBound - index <= 18 else { return nil }
        var value = 0
        while index < range.upperBound {
            let digit = body[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    /// Swift's parser (locale-independent, correctly rounded), as the decoder reads it.
    func double(_ range: Range<Int>) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(rebasing: body[range]), as: UTF8.self))
    }

    /// A JSON string's contents with its escapes read; nil for an escape JSON does not have or a
    /// lone surrogate (the decoder then says what is wrong).
    private mutating func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= text.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = text[at + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < text.count {
            var runEnd = index
            while runEnd < text.count, text[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd]))
            index = runEnd
            guard index < text.count else { break }
            guard index + 1 < text.count else { return nil }
            let escape = text[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "u"):
                guard var code = hex4(index) else { return nil }
                index += 4
                if code >= 0xD800, code < 0xDC00 {
                    guard index + 1 < text.count, text[index] == UInt8(ascii: "\\"),
                        text[index + 1] == UInt8(ascii: "u"),
                        let low = hex4(index + 2), low >= 0xDC00, low < 0xE000
                    else { return nil }
                    index += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00, code < 0xE000 {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return nil
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}
