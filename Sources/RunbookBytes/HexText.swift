/// Bytes as lowercase hexadecimal text, two digits a byte: how digests are stored and shown.
package enum HexText {
    /// `bytes` as lowercase hex (`[0xAB, 0x01]` is `ab01`).
    package static func lowercase(_ bytes: ArraySlice<UInt8>) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
