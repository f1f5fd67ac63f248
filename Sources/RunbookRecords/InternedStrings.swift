#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Strings for the values of one column, made once per distinct value: a listing of 10,000 runs
/// of a few runbooks holds the same paths and hashes over and over.
struct InternedStrings {
    private var entries: [(bytes: [UInt8], string: String)] = []
    private var next = 0
    /// Distinct values remembered; past that, the oldest is forgotten.
    private let capacity = 32

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Values of up to 15 bytes are stored inline in the String: nothing to share.
        if bytes.count <= 15 { return String(decoding: bytes, as: UTF8.self) }
        for entry in entries where entry.bytes.count == bytes.count {
            if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
                return entry.string
            }
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if entries.count < capacity {
            entries.append((Array(bytes), string))
        } else {
            entries[next] = (Array(bytes), string)
            next = (next + 1) % capacity
        }
        return string
    }
}
