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

    public mutating func beginObject() { separate(); put(0x7B); needsComma = false }
    public mutating func endObject() { put(0x7D); needsComma = true }
    public mutating func beginArray() { separate(); put(0x5B); needsComma = false }
    public mutating func endArray() { put(0x5D); needsComma = true }

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
            let clean = JSONWriter.cleanPrefixLength(base, utf8.count)
            guard clean == utf8.count else {
                key(name)
                appendQuoted(base, utf8.count, cleanPrefix: clean)
                return
            }
            let room = reserve(name.utf8CodeUnitCount + 6 + utf8.count)
            var count = JSONWriter.writeKey(name, at: room, comma: needsComma)
            room[count] = 0x22
            UnsafeMutableRawPointer(room + count + 1).copyMemory(from: base, byteCount: utf8.count)
            count += utf8.count + 1
            room[count] = 0x22
            storage.count += count + 1
        }
        needsComma = true
    }

    /// `,"name":` (the comma when asked) at `room`; returns the byte count. `name` is a
    /// literal key, so its bytes are a pointer away.
    @inline(__always)
    private static func writeKey(_ name: StaticString, at room: UnsafeMutablePointer<UInt8>, comma: Bool) -> Int {
        var count = 0
        if comma { room[0] = 0x2C; count = 1 }
        room[count] = 0x22
        UnsafeMutableRawPointer(room + count + 1).copyMemory(from: name.utf8Start, byteCount: name.utf8CodeUnitCount)
        count += name.utf8CodeUnitCount + 1
        room[count] = 0x22
        room[count + 1] = 0x3A
        return count + 2
    }

    /// Writes `"name":` for a key known only at run time (a map's keys).
    public mutating func dynamicKey(_ name: String) {
        separate()
        appendQuoted(name)
        put(0x3A)
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

    public mutating func value(_ value: some JSONWritable) { value.writeJSON(to: &self) }

    /// Writes `json`, already-encoded JSON text, as the next value, unchanged.
    public mutating func raw(_ json: some Collection<UInt8>) {
        separate()
        append(contentsOf: json)
        needsComma = true
    }

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

    public mutating func field(_ name: StaticString, _ value: (some JSONWritable)?) {
        guard let value else { return }
        key(name)
        value.writeJSON(to: &self)
    }

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
        put(0x7D)
        needsComma = true
    }

    // MARK: - Bytes

    private mutating func separate() {
        if needsComma { put(0x2C) }
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
        if value >= 0 && value < 10 {
            put(0x30 + UInt8(value))
            return
        }
        // 20 digits and a sign hold any Int64.
        let room = reserve(21)
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let count = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var end = scratch.count
            repeat {
                end -= 1
                scratch[end] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { end -= 1; scratch[end] = 0x2D }
            let count = scratch.count - end
            UnsafeMutableRawPointer(room).copyMemory(from: scratch.baseAddress! + end, byteCount: count)
            return count
        }
        storage.count += count
    }

    private mutating func appendQuoted(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { append("\"\""); return }
            appendQuoted(base, utf8.count, cleanPrefix: JSONWriter.cleanPrefixLength(base, utf8.count))
        }
    }

    /// Writes the `count` bytes at `base` as a JSON string; the first `cleanPrefix` bytes are
    /// known to need no escaping.
    private mutating func appendQuoted(_ base: UnsafePointer<UInt8>, _ count: Int, cleanPrefix: Int) {
        if cleanPrefix == count {
            // Nothing to escape, as for most strings: quotes and one copy.
            let room = reserve(count + 2)
            room[0] = 0x22
            UnsafeMutableRawPointer(room + 1).copyMemory(from: base, byteCount: count)
            room[count + 1] = 0x22
            storage.count += count + 2
            return
        }
        if count <= JSONWriter.directEscapeLimit {
            appendEscaped(base, count, cleanPrefix: cleanPrefix)
            return
        }
        put(0x22)
        var index = cleanPrefix
        var runStart = 0
        while index < count {
            // Eight bytes at a time while none needs escaping: the usual case for paths,
            // commands and prose.
            while index + 8 <= count, !JSONWriter.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
            }
            guard index < count else { break }
            let byte = base[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { index += 1; continue }
            append(UnsafeRawBufferPointer(start: base + runStart, count: index - runStart))
            index += 1
            runStart = index
            switch byte {
            case 0x22: append("\\\"")
            case 0x5C: append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            default:
                let hex: StaticString = "0123456789abcdef"
                let room = reserve(6)
                room[0] = 0x5C; room[1] = 0x75; room[2] = 0x30; room[3] = 0x30
                room[4] = hex.utf8Start[Int(byte >> 4)]
                room[5] = hex.utf8Start[Int(byte & 0xF)]
                storage.count += 6
            }
        }
        append(UnsafeRawBufferPointer(start: base + runStart, count: count - runStart))
        put(0x22)
    }

    /// Strings up to this long are escaped straight into room for the worst case (six bytes
    /// for each one); longer ones go run by run, so one huge code block cannot ask for six times
    /// its size.
    private static let directEscapeLimit = 1 << 16

    /// Escapes a string with something to escape into one reservation: clean words of eight
    /// bytes are stored as they are, bytes are handled one by one only in a word that needs it.
    /// Code blocks escape a newline every line, and a reservation and a copy per run cost more
    /// than the text.
    private mutating func appendEscaped(_ base: UnsafePointer<UInt8>, _ count: Int, cleanPrefix: Int) {
        let room = reserve(count * 6 + 2)
        room[0] = 0x22
        UnsafeMutableRawPointer(room + 1).copyMemory(from: base, byteCount: cleanPrefix)
        var out = cleanPrefix + 1
        var index = cleanPrefix
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if !JSONWriter.needsEscape(word) {
                    UnsafeMutableRawPointer(room + out).storeBytes(of: word, as: UInt64.self)
                    out += 8
                    index += 8
                    continue
                }
            }
            let end = min(index + 8, count)
            while index < end {
                out += JSONWriter.writeEscaped(base[index], at: room + out)
                index += 1
            }
        }
        room[out] = 0x22
        storage.count += out + 1
    }

    /// Writes `byte` as it appears inside a JSON string; returns how many bytes that took.
    @inline(__always)
    private static func writeEscaped(_ byte: UInt8, at out: UnsafeMutablePointer<UInt8>) -> Int {
        guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { out[0] = byte; return 1 }
        out[0] = 0x5C
        switch byte {
        case 0x22: out[1] = 0x22
        case 0x5C: out[1] = 0x5C
        case 0x0A: out[1] = 0x6E
        case 0x0D: out[1] = 0x72
        case 0x09: out[1] = 0x74
        case 0x08: out[1] = 0x62
        case 0x0C: out[1] = 0x66
        default:
            let hex: StaticString = "0123456789abcdef"
            out[1] = 0x75; out[2] = 0x30; out[3] = 0x30
            out[4] = hex.utf8Start[Int(byte >> 4)]
            out[5] = hex.utf8Start[Int(byte & 0xF)]
            return 6
        }
        return 2
    }

    /// How many bytes from the start need no escaping, found eight at a time.
    @inline(__always)
    private static func cleanPrefixLength(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var index = 0
        while index + 8 <= count, !needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) { index += 8 }
        while index < count {
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { break }
            index += 1
        }
        return index
    }

    /// True when one of the eight bytes in `word` is a control character, `"` or `\`.
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A byte below 0x20 (ASCII only: bytes of 0x80 and up are left out by `& ~word`), or
        // equal to 0x22 or 0x5C once XOR makes it zero.
        let control = (word &- ones &* 0x20) & ~word & highs
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote & highs
        let zeroBackslash = (backslash &- ones) & ~backslash & highs
        return (control | zeroQuote | zeroBackslash) != 0
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
    public func writeJSON(to json: inout JSONWriter) { json.string(rawValue) }
}
