/// Walks a flat JSON object (string, number and boolean values, no nesting) in place: each key
/// and value as a range of the bytes, nothing copied or decoded. What every flat-JSON reader is
/// built on: `FlatJSONObject` (Runme's attributes) and the records' payload reader, which maps
/// keys to a schema's fields. Anything else (`null`, an object or an array as a value, a raw
/// control byte in a string, trailing bytes) is reported as invalid, so a caller can fall back
/// to a full JSON decoder.
///
/// Public, not package: the compiler inlines a public type's `@inlinable` members into the
/// other modules, but calls a package type's (Swift 6.3), and these run once per byte or word.
public struct FlatJSONScanner {
    /// A value: its bytes' range in the body and what kind of JSON value it is.
    public enum Value: Equatable {
        /// The contents between the quotes; `escaped` when they hold a backslash escape.
        case string(Range<Int>, escaped: Bool)
        case bool(Bool)
        /// The characters of a number (digits, sign, point, exponent), not yet checked.
        case number(Range<Int>)
    }

    /// What comes next in the object.
    public enum Key: Equatable {
        /// A key (the contents between its quotes); `value()` reads what follows its colon.
        case key(Range<Int>, escaped: Bool)
        /// The closing brace, with nothing but white space after it.
        case end
        /// Anything that is not a flat JSON object.
        case invalid
    }

    @usableFromInline let body: UnsafeBufferPointer<UInt8>
    @usableFromInline var index = 0
    @usableFromInline var opened = false

    /// A scanner at the start of `body`, which must outlive it.
    @inlinable
    package init(_ body: UnsafeBufferPointer<UInt8>) {
        self.body = body
    }

    /// The next key, after the opening brace or the comma that follows the last value.
    @inlinable
    package mutating func nextKey() -> Key {
        skipSpace()
        guard index < body.count else { return .invalid }
        if !opened {
            opened = true
            guard body[index] == ASCII.leftBrace else { return .invalid }
            index += 1
            skipSpace()
            if index < body.count, body[index] == ASCII.rightBrace { return close() }
        } else {
            if body[index] == ASCII.rightBrace { return close() }
            guard body[index] == ASCII.comma else { return .invalid }
            index += 1
            skipSpace()
        }
        guard let (range, escaped) = string() else { return .invalid }
        skipSpace()
        guard index < body.count, body[index] == ASCII.colon else { return .invalid }
        index += 1
        return .key(range, escaped: escaped)
    }

    /// The value after the key `nextKey` returned; nil when it is not a string, number or
    /// boolean.
    @inlinable
    package mutating func value() -> Value? {
        skipSpace()
        guard index < body.count else { return nil }
        switch body[index] {
        case ASCII.quote:
            guard let (range, escaped) = string() else { return nil }
            return .string(range, escaped: escaped)
        case UInt8(ascii: "t"):
            guard matches("true") else { return nil }
            index += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            guard matches("false") else { return nil }
            index += 5
            return .bool(false)
        case ASCII.minus, ASCII.zero...ASCII.nine:
            let start = index
            scan: while index < body.count {
                switch body[index] {
                case ASCII.zero...ASCII.nine, ASCII.minus, UInt8(ascii: "+"), ASCII.dot, UInt8(ascii: "e"),
                    UInt8(ascii: "E"):
                    index += 1
                default:
                    break scan
                }
            }
            return .number(start..<index)
        default:
            // null, an object or an array.
            return nil
        }
    }

    /// A string at `index` (its opening quote): the range of its contents and whether they hold
    /// an escape; the index moves past the closing quote.
    @inlinable
    mutating func string() -> (Range<Int>, Bool)? {
        guard index < body.count, body[index] == ASCII.quote else { return nil }
        let start = index + 1
        var escaped = false
        index = start
        // Eight bytes at a time while none is a quote, a backslash or a control byte: most of a
        // value is plain text.
        while index + 8 <= body.count, !ByteWord.needsJSONEscape(ByteWord.load(body.baseAddress! + index)) {
            index += 8
        }
        while index < body.count {
            let byte = body[index]
            if byte == ASCII.quote { break }
            if byte < ASCII.space { return nil }
            if byte == ASCII.backslash {
                escaped = true
                index += 2
            } else {
                index += 1
            }
        }
        guard index < body.count else { return nil }
        index += 1
        return (start..<(index - 1), escaped)
    }

    @inlinable
    mutating func close() -> Key {
        index += 1
        skipSpace()
        return index == body.count ? .end : .invalid
    }

    @inlinable
    mutating func skipSpace() {
        // JSON's white space: space, tab, line feed, carriage return.
        while index < body.count {
            let byte = body[index]
            guard byte == ASCII.space || byte == ASCII.tab || byte == ASCII.newline || byte == ASCII.carriageReturn
            else { return }
            index += 1
        }
    }

    @inlinable
    func matches(_ word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            guard index + word.count <= body.count else { return false }
            for offset in 0..<word.count where body[index + offset] != word[offset] { return false }
            return true
        }
    }
}
