/// Bytes as lowercase hexadecimal text, two digits a byte: how digests are stored and shown.
package enum HexText {
    /// `bytes` as lowercase hex (`[0xAB, 0x01]` is `ab01`).
    package static func lowercase(_ bytes: ArraySlice<UInt8>) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes { append(byte, to: &hex) }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Appends `byte`'s two lowercase hex digits to `text`.
    package static func append(_ byte: UInt8, to text: inout [UInt8]) {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
