import Foundation
import RunbookBytes
import RunbookDocument

/// Reads event payloads that are flat JSON objects (strings, numbers and booleans, no nesting)
/// straight from the stored bytes: nearly all of a log. `JSONDecoder` took about 15% of an
/// export of a 5,000-event run, and a first reader that made a string of every key and value
/// still cost a fifth of it.
///
/// What a payload's keys are and what each holds comes from its schema (`EventBody.schema`),
/// the same one its encoding and its `Codable` conformance are derived from. A body is only
/// taken when it is exactly what that conformance reads: known keys, each at most once, of the
/// right JSON type, required ones present. Anything else (a nested `session`, a key from a
/// newer version, `null`, an escape it does not know) gives nil and the caller decodes the
/// body with `JSONDecoder`, so the two never disagree.
struct FlatPayloadReader {
    private var values = FlatValueReader()

    init() {}

    /// The payload of an event of `kind` whose stored JSON is `body`, or nil when the body is
    /// not one this reader takes.
    mutating func decode(kind: EventKind, body: UnsafeBufferPointer<UInt8>) -> EventPayload? {
        EventPayload.entry(of: kind).readFlat(&self, body)
    }

    /// `body` read as a `Body`, or nil when it is not a flat object of its schema's keys.
    mutating func read<Body: EventBody>(_ type: Body.Type, _ body: UnsafeBufferPointer<UInt8>) -> Body? {
        let schema = Body.schema
        var result = schema.blank
        var seen: UInt64 = 0
        values.body = body
        defer { values.body = UnsafeBufferPointer(start: nil, count: 0) }
        let end = body.count
        var index = 0
        // The encoder sorts keys, as the schema's fields are: the next key is most often the
        // next field.
        var expected = 0
        func skipSpace() {
            while index < end, body[index] == 0x20 || body[index] == 0x0A || body[index] == 0x0D || body[index] == 0x09
            { index += 1 }
        }
        skipSpace()
        guard index < end, body[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        skipSpace()
        if index < end, body[index] == UInt8(ascii: "}") {
            index += 1
            skipSpace()
            return index == end && schema.requiredMask == 0 ? result : nil
        }
        while true {
            skipSpace()
            guard index < end, body[index] == UInt8(ascii: "\"") else { return nil }
            let keyStart = index + 1
            index = keyStart
            while index < end, body[index] != UInt8(ascii: "\""), body[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < end, body[index] == UInt8(ascii: "\"") else { return nil }
            guard
                let field = schema.index(of: UnsafeBufferPointer(rebasing: body[keyStart..<index]), expected: expected),
                seen & (1 << UInt64(field)) == 0
            else { return nil }
            seen |= 1 << UInt64(field)
            expected = field + 1
            index += 1
            skipSpace()
            guard index < end, body[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard index < end else { return nil }
            let value: FlatValue
            switch body[index] {
            case UInt8(ascii: "\""):
                let start = index + 1
                var escaped = false
                index = start
                // Eight bytes at a time while none is a quote, a backslash or a control
                // character: most of a payload is plain text.
                while index + 8 <= end, !ByteWord.needsJSONEscape(ByteWord.load(body.baseAddress! + index)) {
                    index += 8
                }
                while index < end {
                    let byte = body[index]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte < 0x20 { return nil }
                    if byte == UInt8(ascii: "\\") { escaped = true; index += 2 } else { index += 1 }
                }
                guard index < end else { return nil }
                value = .string(start..<index, escaped: escaped)
                index += 1
            case UInt8(ascii: "t"):
                guard FlatPayloadReader.matches(body, at: index, "true") else { return nil }
                value = .bool(true)
                index += 4
            case UInt8(ascii: "f"):
                guard FlatPayloadReader.matches(body, at: index, "false") else { return nil }
                value = .bool(false)
                index += 5
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                scan: while index < end {
                    switch body[index] {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                        UInt8(ascii: "e"), UInt8(ascii: "E"):
                        index += 1
                    default:
                        break scan
                    }
                }
                value = .number(start..<index)
            default:
                // null, an object or an array.
                return nil
            }
            guard schema.fields[field].readFlat(&result, value, &values) else { return nil }
            skipSpace()
            guard index < end else { return nil }
            if body[index] == UInt8(ascii: ",") { index += 1; continue }
            guard body[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            skipSpace()
            guard index == end, seen & schema.requiredMask == schema.requiredMask else { return nil }
            return result
        }
    }

    private static func matches(_ body: UnsafeBufferPointer<UInt8>, at index: Int, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            index + word.count <= body.count && memcmp(body.baseAddress! + index, word.baseAddress!, word.count) == 0
        }
    }
}
