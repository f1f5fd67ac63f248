import Foundation
import RunbookBytes

/// Turns the values `FlatPayloadReader` found into Swift values, from the bytes of the body
/// being read: strings (their escapes read, working directories shared), integers as
/// `JSONEncoder` writes them, doubles as the decoder parses them.
public struct FlatValueReader {
    /// The body being read.
    var body = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
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

    /// Swift's parser (locale-independent, correctly rounded), as the decoder reads it; a
    /// number whose digits and exponent make that exact in one IEEE operation (every duration
    /// `JSONEncoder` writes) is read without a String.
    func double(_ range: Range<Int>) -> Double? {
        let bytes = UnsafeBufferPointer(rebasing: body[range])
        return DecimalNumber.exactDouble(bytes) ?? Double(String(decoding: bytes, as: UTF8.self))
    }

    /// The case of `table` whose raw value the unescaped string at `range` is, as
    /// `init(rawValue:)` finds it: by its bytes when they are one case's, else from the String.
    func enumeration<Value>(_ range: Range<Int>, in table: RawValueTable<Value>) -> Value? {
        let bytes = UnsafeBufferPointer(rebasing: body[range])
        return table.value(bytes) ?? Value(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// A JSON string's contents with its escapes read; nil for an escape JSON does not have or a
    /// lone surrogate (the decoder then says what is wrong).
    private func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        JSONUnescaping.string(text)
    }
}
