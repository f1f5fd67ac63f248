import Foundation
import RunbookBytes
import RunbookDocument

/// Reads event payloads that are flat JSON objects (strings, numbers and booleans, no nesting)
/// straight from the stored bytes: nearly all of a log. `JSONDecoder`, or a reader that makes a
/// string of every key and value, would cost a long run's export more than its writing does.
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
        var scanner = FlatJSONScanner(body)
        // The encoder sorts keys, as the schema's fields are: the next key is most often the
        // next field.
        var expected = 0
        while true {
            let key: Range<Int>
            switch scanner.nextKey() {
            case .end: return seen & schema.requiredMask == schema.requiredMask ? result : nil
            case .invalid, .key(_, escaped: true): return nil
            case .key(let range, escaped: false): key = range
            }
            guard let field = schema.index(of: UnsafeBufferPointer(rebasing: body[key]), expected: expected),
                seen & (1 << UInt64(field)) == 0
            else { return nil }
            seen |= 1 << UInt64(field)
            expected = field + 1
            let value: FlatValue
            switch scanner.value() {
            case .string(let range, let escaped): value = .string(range, escaped: escaped)
            case .bool(let flag): value = .bool(flag)
            case .number(let range): value = .number(range)
            case nil: return nil
            }
            guard schema.fields[field].readFlat(&result, value, &values) else { return nil }
        }
    }
}
