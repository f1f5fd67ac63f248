import Foundation

/// A string enumeration's cases by the bytes of their raw values, built once per type: the flat
/// payload reader finds a stored value's case from its bytes, without making a String of them
/// and going through `init(rawValue:)` (a few hundred instructions per field of every event).
public struct RawValueTable<Value: CaseIterable & RawRepresentable<String> & Sendable>: Sendable {
    private let names: [[UInt8]]
    private let values: [Value]

    /// The table of every case of `Value`.
    public init() {
        values = Array(Value.allCases)
        names = values.map { Array($0.rawValue.utf8) }
    }

    /// The case whose raw value is exactly `bytes`; nil when none is.
    func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        for index in names.indices where names[index].count == bytes.count {
            let equal = names[index].withUnsafeBufferPointer { name in
                bytes.isEmpty || memcmp(name.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if equal { return values[index] }
        }
        return nil
    }
}
