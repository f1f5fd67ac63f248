import Foundation
import RunbookBytes
import RunbookDocument

/// An event payload: a flat record of named fields whose schema (each field's JSON key, type
/// and place in the struct) is written once, in `schema`. Writing the stored JSON, reading it
/// back with or without `JSONDecoder`, and encoding it with any `Encoder` are all derived from
/// that one list, so the four can never disagree about a key.
public protocol EventBody: Hashable, Sendable, Codable, JSONWritable {
    static var schema: PayloadSchema<Self> { get }
}

/// The fields of one payload type, sorted by key (the stored JSON's key order), and a value to
/// fill in when reading (its required fields are always overwritten).
public struct PayloadSchema<Body: EventBody>: Sendable {
    let fields: [PayloadField<Body>]
    let blank: Body
    /// Bit `i` set when field `i` must be present.
    let requiredMask: UInt64

    /// - Parameters:
    ///   - blank: any value of the type: reading starts from it and sets every field it finds.
    ///   - fields: the payload's fields, in any order.
    public init(blank: Body, _ fields: PayloadField<Body>...) {
        let sorted = fields.sorted { $0.keyBytes.lexicographicallyPrecedes($1.keyBytes) }
        precondition(sorted.count <= 64, "a payload has at most 64 fields")
        self.fields = sorted
        self.blank = blank
        var mask: UInt64 = 0
        for (index, field) in sorted.enumerated() where field.isRequired { mask |= 1 << UInt64(index) }
        requiredMask = mask
    }

    /// The field whose key is `key`, trying `expected` first (keys arrive sorted, as written).
    func index(of key: UnsafeBufferPointer<UInt8>, expected: Int) -> Int? {
        if expected < fields.count, fields[expected].matches(key) { return expected }
        return fields.firstIndex { $0.matches(key) }
    }
}

/// The coding key of a payload field.
public struct PayloadKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

/// One field of a payload: its key and how its value is written and read, derived from its
/// type (`PayloadValue`) and key path.
public struct PayloadField<Body>: Sendable {
    let key: StaticString
    let keyBytes: [UInt8]
    let isRequired: Bool
    let write: @Sendable (Body, inout JSONWriter) -> Void
    let encode: @Sendable (Body, inout KeyedEncodingContainer<PayloadKey>) throws -> Void
    let decode: @Sendable (inout Body, KeyedDecodingContainer<PayloadKey>) throws -> Void
    /// Sets the field from a flat value; false when the value is not one `decode` would take.
    let readFlat: @Sendable (inout Body, FlatValue, inout FlatValueReader) -> Bool

    /// A field holding `Value` at `path`, under `key`.
    public init<Value: PayloadValue>(_ key: StaticString, _ path: WritableKeyPath<Body, Value> & Sendable) {
        let offset = MemoryLayout<Body>.offset(of: path)
        self.init(
            key, path,
            readFlat: { body, value, reader in
                guard let read = Value.readFlat(value, &reader) else { return false }
                PayloadField.set(read, at: offset, path, in: &body)
                return true
            })
    }

    /// Stores `value` in the property at `path`, which sits `offset` bytes into `body` when
    /// that is known: a key path applied at run time goes through the runtime's generic
    /// projection, and the reader sets every field of every event it reads.
    private static func set<Value>(
        _ value: Value, at offset: Int?, _ path: WritableKeyPath<Body, Value>, in body: inout Body
    ) {
        guard let offset else {
            body[keyPath: path] = value
            return
        }
        withUnsafeMutableBytes(of: &body) { bytes in
            (bytes.baseAddress! + offset).assumingMemoryBound(to: Value.self).pointee = value
        }
    }

    /// The property at `path`, read at its `offset` in `body` when that is known: the JSON
    /// export writes every output payload of a run again, and a key path applied at run time
    /// cost about a thousand instructions per field.
    private static func get<Value>(at offset: Int?, _ path: KeyPath<Body, Value>, of body: Body) -> Value {
        guard let offset else { return body[keyPath: path] }
        return withUnsafeBytes(of: body) { bytes in
            (bytes.baseAddress! + offset).assumingMemoryBound(to: Value.self).pointee
        }
    }

    private init<Value: PayloadValue>(
        _ key: StaticString, _ path: WritableKeyPath<Body, Value> & Sendable,
        readFlat: @escaping @Sendable (inout Body, FlatValue, inout FlatValueReader) -> Bool
    ) {
        self.key = key
        keyBytes = key.withUTF8Buffer { Array($0) }
        isRequired = !Value.isOptional
        let codingKey = PayloadKey(stringValue: key.withUTF8Buffer { String(decoding: $0, as: UTF8.self) })
        let offset = MemoryLayout<Body>.offset(of: path)
        write = { body, json in PayloadField.get(at: offset, path, of: body).writeField(key, to: &json) }
        encode = { body, container in try body[keyPath: path].encodeField(codingKey, to: &container) }
        decode = { body, container in body[keyPath: path] = try Value.decodeField(codingKey, from: container) }
        self.readFlat = readFlat
    }

    /// An optional string field whose values repeat across events (working directories): read
    /// flat, equal values share one string.
    public init(interned key: StaticString, _ path: WritableKeyPath<Body, String?> & Sendable) {
        let offset = MemoryLayout<Body>.offset(of: path)
        self.init(
            key, path,
            readFlat: { body, value, reader in
                guard case .string(let range, let escaped) = value,
                    let text = reader.string(range, escaped: escaped, interned: true)
                else { return false }
                PayloadField.set(Optional(text), at: offset, path, in: &body)
                return true
            })
    }

    func matches(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.count == key.count
            && keyBytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }
    }
}

/// A value as the flat reader found it in the stored bytes, not yet converted (what a
/// `PayloadValue` reads itself from; only the reader makes them).
public enum FlatValue: Sendable {
    case string(Range<Int>, escaped: Bool)
    case number(Range<Int>)
    case bool(Bool)
}

/// A type a payload field holds: how it is written as a field, read from a flat value, and
/// decoded and encoded through `Codable` containers (optionals are left out when nil, as
/// synthesized `Codable` does).
public protocol PayloadValue: Codable, Sendable {
    /// True for `Optional`: the field may be missing.
    static var isOptional: Bool { get }
    func writeField(_ key: StaticString, to json: inout JSONWriter)
    /// The value from a flat value, or nil when it is not one the decoder takes (an object or
    /// array value is never flat: the reader leaves such bodies to the decoder).
    static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Self?
    static func decodeField(_ key: PayloadKey, from container: KeyedDecodingContainer<PayloadKey>) throws -> Self
    func encodeField(_ key: PayloadKey, to container: inout KeyedEncodingContainer<PayloadKey>) throws
}

extension PayloadValue {
    public static var isOptional: Bool { false }
    public static func decodeField(_ key: PayloadKey, from container: KeyedDecodingContainer<PayloadKey>) throws -> Self
    {
        try container.decode(Self.self, forKey: key)
    }
    public func encodeField(_ key: PayloadKey, to container: inout KeyedEncodingContainer<PayloadKey>) throws {
        try container.encode(self, forKey: key)
    }
}

extension PayloadValue where Self: JSONWritable {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) {
        json.key(key)
        writeJSON(to: &json)
    }
}

/// Nested values (objects, arrays): written with their `JSONWritable` conformance, read by the
/// decoder only.
extension PayloadValue where Self: JSONWritable {
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Self? { nil }
}

extension Optional: PayloadValue where Wrapped: PayloadValue {
    public static var isOptional: Bool { true }
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { self?.writeField(key, to: &json) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Self? {
        Wrapped.readFlat(value, &reader).map { .some($0) }
    }
    public static func decodeField(_ key: PayloadKey, from container: KeyedDecodingContainer<PayloadKey>) throws -> Self
    {
        try container.decodeIfPresent(Wrapped.self, forKey: key)
    }
    public func encodeField(_ key: PayloadKey, to container: inout KeyedEncodingContainer<PayloadKey>) throws {
        if let self { try self.encodeField(key, to: &container) }
    }
}

extension String: PayloadValue {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.keyedString(key, self) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> String? {
        guard case .string(let range, let escaped) = value else { return nil }
        return reader.string(range, escaped: escaped, interned: false)
    }
}

extension Int: PayloadValue {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.field(key, self) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Int? {
        guard case .number(let range) = value else { return nil }
        return reader.integer(range)
    }
}

extension Double: PayloadValue {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.field(key, self) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Double? {
        guard case .number(let range) = value else { return nil }
        return reader.double(range)
    }
}

extension Bool: PayloadValue {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.field(key, self) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Bool? {
        guard case .bool(let flag) = value else { return nil }
        return flag
    }
}

extension Array: PayloadValue where Element == String {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.field(key, self) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> [String]? { nil }
}

extension Dictionary: PayloadValue where Key == String, Value == String {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) {
        json.key(key)
        json.beginObject()
        // `.sortedKeys` orders keys by their UTF-8 bytes.
        for name in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            json.dynamicKey(name)
            json.string(self[name]!)
        }
        json.endObject()
    }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> [String: String]? { nil }
}

/// String enumerations stored by their raw value.
public protocol PayloadEnumeration: PayloadValue, RawRepresentable<String>, JSONWritable, CaseIterable {
    /// The cases by their raw values' bytes, for the flat reader (a `static let` of each type).
    static var rawValueTable: RawValueTable<Self> { get }
}

extension PayloadEnumeration {
    public func writeField(_ key: StaticString, to json: inout JSONWriter) { json.keyedString(key, rawValue) }
    public static func readFlat(_ value: FlatValue, _ reader: inout FlatValueReader) -> Self? {
        guard case .string(let range, let escaped) = value else { return nil }
        if !escaped { return reader.enumeration(range, in: rawValueTable) }
        guard let text = reader.string(range, escaped: true, interned: false) else { return nil }
        return Self(rawValue: text)
    }
}

// Every payload reads, writes and codes itself from its schema.
extension EventBody {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        for field in Self.schema.fields { field.write(self, &json) }
        json.endObject()
    }

    public init(from decoder: any Decoder) throws {
        let schema = Self.schema
        let container = try decoder.container(keyedBy: PayloadKey.self)
        var body = schema.blank
        for field in schema.fields { try field.decode(&body, container) }
        self = body
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PayloadKey.self)
        for field in Self.schema.fields { try field.encode(self, &container) }
    }
}
