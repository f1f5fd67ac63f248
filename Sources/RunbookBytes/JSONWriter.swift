/// Writes compact JSON straight into a byte buffer.
///
/// Foundation's `JSONEncoder` (and any `Encoder`) goes through Codable's existential
/// containers for every field; on a corpus of runbooks that cost more than parsing the Markdown.
/// Types that are written often conform to `JSONWritable` and use this writer; their output is
/// the same JSON their `Codable` conformance produces (a test holds the two together), so
/// `Codable` stays the way to read it back.
public struct JSONWriter {
    /// The bytes live in a buffer the writer grows itself and writes through a pointer: an
    /// `Array` append checks uniqueness and capacity for every byte, which made key names and
    /// punctuation cost as much as the text. Copy-on-write keeps the writer a value.
    private var storage: Storage
    private var needsComma = false
    /// The last location's `{"file":"…","line":` as bytes, and the file it was made for: every
    /// location in a runbook names the same file, so its escaping is done once per runbook.
    private var locationFile: String?
    private var locationPrefix: [UInt8] = []

    public init(capacity: Int = 4096) {
        storage = Storage(capacity: max(capacity, 64))
    }

    /// The JSON written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    /// Hands the bytes written so far to the caller and starts over, keeping the capacity.
    public mutating func take() -> [UInt8] {
        defer { storage.count = 0; needsComma = false }
        return bytes
    }

    public mutating func beginObject() { separate(); put(ASCII.leftBrace); needsComma = false }
    public mutating func endObject() { put(ASCII.rightBrace); needsComma = true }
    public mutating func beginArray() { separate(); put(ASCII.leftBracket); needsComma = false }
    public mutating func endArray() { put(ASCII.rightBracket); needsComma = true }

    /// Writes `"name":`; the next value written belongs to it.
    public mutating func key(_ name: StaticString) {
        let room = reserve(name.utf8CodeUnitCount + 4)
        storage.count += JSONWriter.writeKey(name, at: room, comma: needsComma)
        needsComma = false
    }

    /// Writes `"name":"value"`: a key and a string in one reservation when the string needs no
    /// escaping, as most do.
    public mutating func keyedString(_ name: StaticString, _ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else {
                key(name)
                append("\"\"")
                return
            }
            let clean = JSONEscaping.cleanPrefixLength(base, utf8.count)
            guard clean == utf8.count else {
                key(name)
                appendQuoted(base, utf8.count, cleanPrefix: clean)
                return
            }
            let room = reserve(name.utf8CodeUnitCount + 6 + utf8.count)
            var count = JSONWriter.writeKey(name, at: room, comma: needsComma)
            room[count] = ASCII.quote
            UnsafeMutableRawPointer(room + count + 1).copyMemory(from: base, byteCount: utf8.count)
            count += utf8.count + 1
            room[count] = ASCII.quote
            storage.count += count + 1
        }
        needsComma = true
    }

    /// `,"name":` (the comma when asked) at `room`; returns the byte count. `name` is a
    /// literal key, so its bytes are a pointer away.
    @inline(__always)
    private static func writeKey(_ name: StaticString, at room: UnsafeMutablePointer<UInt8>, comma: Bool) -> Int {
        var count = 0
        if comma { room[0] = ASCII.comma; count = 1 }
        room[count] = ASCII.quote
        UnsafeMutableRawPointer(room + count + 1).copyMemory(from: name.utf8Start, byteCount: name.utf8CodeUnitCount)
        count += name.utf8CodeUnitCount + 1
        room[count] = ASCII.quote
        room[count + 1] = ASCII.colon
        return count + 2
    }

    /// Writes `"name":` for a key known only at run time (a map's keys).
    public mutating func dynamicKey(_ name: String) {
        separate()
        appendQuoted(name)
        put(ASCII.colon)
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        if value { append("true") } else { append("false") }
        needsComma = true
    }

    /// Written as `JSONEncoder` writes it: the shortest text that reads back as the same
    /// number, without a trailing `.0`; non-finite numbers as `null`.
    public mutating func double(_ value: Double) {
        separate()
        if !value.isFinite {
            append("null")
        } else if value == value.rounded(), abs(value) < 1e15, value != 0 || value.sign == .plus {
            appendDecimal(Int(Int64(value)))
        } else {
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            append(contentsOf: text.utf8)
        }
        needsComma = true
    }

    public mutating func null() {
        separate()
        append("null")
        needsComma = true
    }

    @inlinable public mutating func value(_ value: some JSONWritable) { value.writeJSON(to: &self) }

    /// Writes `json`, already-encoded JSON text, as the next value, unchanged.
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        append(contentsOf: json)
        needsComma = true
    }

    // The generic members are inlinable so that each model type's array is written by code
    // specialized for it: called across the module boundary, the loop copied every element
    // through its value witness and wrote it through the protocol witness.
    @inlinable
    public mutating func array<Element: JSONWritable>(_ elements: [Element]) {
        beginArray()
        for element in elements { element.writeJSON(to: &self) }
        endArray()
    }

    public mutating func array(_ elements: [String]) {
        beginArray()
        for element in elements { string(element) }
        endArray()
    }

    // Optional fields are left out when nil, as synthesized Codable does with encodeIfPresent.

    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        keyedString(name, value)
    }

    public mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    public mutating func field(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        double(value)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    @inlinable
    public mutating func field(_ name: StaticString, _ value: (some JSONWritable)?) {
        guard let value else { return }
        key(name)
        value.writeJSON(to: &self)
    }

    @inlinable
    public mutating func field<Element: JSONWritable>(_ name: StaticString, _ elements: [Element]) {
        key(name)
        array(elements)
    }

    public mutating func field(_ name: StaticString, _ elements: [String]) {
        key(name)
        array(elements)
    }

    /// Writes `{"file":…,"line":…,"column":…}`, what `SourceLocation`'s Codable conformance
    /// writes, reusing the escaped file of the previous location when it names the same file.
    package mutating func location(file: String, line: Int, column: Int) {
        separate()
        if file != locationFile {
            let start = storage.count
            append("{\"file\":")
            appendQuoted(file)
            append(",\"line\":")
            locationPrefix = Array(UnsafeBufferPointer(start: storage.base + start, count: storage.count - start))
            locationFile = file
        } else {
            append(contentsOf: locationPrefix)
        }
        appendDecimal(line)
        append(",\"column\":")
        appendDecimal(column)
        put(ASCII.rightBrace)
        needsComma = true
    }

    // MARK: - Bytes

    private mutating func separate() {
        if needsComma { put(ASCII.comma) }
    }

    /// Room for `count` more bytes at the end, owned by this writer alone; the caller writes
    /// them and then adds to `storage.count`.
    @inline(__always)
    private mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        if _slowPath(storage.count + count > storage.capacity) { storage.grow(toFit: storage.count + count) }
        return storage.base + storage.count
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1).pointee = byte
        storage.count += 1
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(reserve(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        storage.count += bytes.count
    }

    private mutating func append(contentsOf bytes: some Collection<UInt8>) {
        let copied: Void? = bytes.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            let room = reserve(bytes.count)
            var offset = 0
            for byte in bytes { room[offset] = byte; offset += 1 }
            storage.count += offset
        }
    }

    /// Writes `value` in decimal, as `String(value)` spells it.
    private mutating func appendDecimal(_ value: Int) {
        // Reserved first: `storage.count += f(reserve(…))` would hold the storage while
        // `reserve` checks that it is the only reference, and copy it.
        let room = reserve(DecimalText.maximumLength)
        let count = DecimalText.write(value, at: room)
        storage.count += count
    }

    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { append("\"\""); return }
            appendQuoted(base, utf8.count, cleanPrefix: JSONEscaping.cleanPrefixLength(base, utf8.count))
        }
    }

    /// Writes the `count` bytes at `base` as a JSON string; the first `cleanPrefix` bytes are
    /// known to need no escaping.
    private mutating func appendQuoted(_ base: UnsafePointer<UInt8>, _ count: Int, cleanPrefix: Int) {
        if cleanPrefix == count {
            // Nothing to escape, as for most strings: quotes and one copy.
            let room = reserve(count + 2)
            room[0] = ASCII.quote
            UnsafeMutableRawPointer(room + 1).copyMemory(from: base, byteCount: count)
            room[count + 1] = ASCII.quote
            storage.count += count + 2
            return
        }
        if count <= JSONWriter.directEscapeLimit {
            appendEscaped(base, count, cleanPrefix: cleanPrefix)
            return
        }
        put(ASCII.quote)
        var index = cleanPrefix
        var runStart = 0
        while index < count {
            while index + 8 <= count, !ByteWord.needsJSONEscape(ByteWord.load(base + index)) { index += 8 }
            guard index < count else { break }
            let byte = base[index]
            guard JSONEscaping.needsEscape(byte) else { index += 1; continue }
            append(UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
            let room = reserve(JSONEscaping.maximumEscapedLength)
            let escaped = JSONEscaping.writeEscaped(byte, at: room)
            storage.count += escaped
            index += 1
            runStart = index
        }
        append(UnsafeRawBufferPointer(start: base + runStart, count: count - runStart))
        put(ASCII.quote)
    }

    /// Strings up to this long are escaped straight into room for the worst case (six bytes
    /// for each one); longer ones go run by run, so one huge code block cannot ask for six times
    /// its size.
    private static let directEscapeLimit = 1 << 16

    /// Escapes a string with something to escape into one reservation (JSONEscaping stores
    /// clean words of eight bytes as they are and handles bytes one by one only in a word that
    /// needs it). Code blocks escape a newline every line, and a reservation and a copy per run
    /// cost more than the text.
    private mutating func appendEscaped(_ base: UnsafePointer<UInt8>, _ count: Int, cleanPrefix: Int) {
        let room = reserve(count * JSONEscaping.maximumEscapedLength + 2)
        room[0] = ASCII.quote
        let written = JSONEscaping.escape(base, count, cleanPrefix: cleanPrefix, into: room + 1)
        room[written + 1] = ASCII.quote
        storage.count += written + 2
    }

    /// The writer's bytes: a pointer, a count and a capacity.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }

        func copy() -> Storage {
            let copy = Storage(capacity: capacity)
            copy.base.update(from: base, count: count)
            copy.count = count
            return copy
        }

        func grow(toFit needed: Int) {
            var newCapacity = capacity * 2
            while newCapacity < needed { newCapacity *= 2 }
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
    }
}

/// A type that writes itself as JSON with `JSONWriter`, matching its `Encodable` output.
public protocol JSONWritable {
    func writeJSON(to json: inout JSONWriter)
}

extension JSONWritable where Self: RawRepresentable, RawValue == String {
    @inlinable public func writeJSON(to json: inout JSONWriter) { json.string(rawValue) }
}
