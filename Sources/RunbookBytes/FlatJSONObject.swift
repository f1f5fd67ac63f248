/// Reads a flat JSON object of strings, numbers and booleans, the shape of Runme's block
/// attributes (`{"name":"x","interactive":"false"}`), without Foundation's decoder: that showed
/// up at 4% of a corpus parse for a dozen bytes per block.
package struct FlatJSONObject {
    /// Pairs in the order written, or nil when the text is not such an object.
    package static func parse(_ text: String) -> [(String, String)]? {
        var reader = Reader(bytes: Array(text.utf8))
        return reader.object()
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func object() -> [(String, String)]? {
            skipSpace()
            guard take(0x7B) else { return nil }
            var pairs: [(String, String)] = []
            skipSpace()
            if take(0x7D) { return finished(pairs) }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(0x3A) else { return nil }
                skipSpace()
                guard let value = scalar() else { return nil }
                pairs.append((key, value))
                skipSpace()
                if take(0x2C) { continue }
                guard take(0x7D) else { return nil }
                return finished(pairs)
            }
        }

        private mutating func finished(_ pairs: [(String, String)]) -> [(String, String)]? {
            skipSpace()
            return index == bytes.count ? pairs : nil
        }

        private mutating func scalar() -> String? {
            if index < bytes.count, bytes[index] == 0x22 { return string() }
            let start = index
            while index < bytes.count, !(bytes[index] == 0x2C || bytes[index] == 0x7D || bytes[index] == 0x20) {
                index += 1
            }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            if word == "true" || word == "false" || Double(word) != nil { return word }
            return nil
        }

        private mutating func string() -> String? {
            guard take(0x22) else { return nil }
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x22: return String(decoding: out, as: UTF8.self)
                case 0x5C:
                    guard index < bytes.count else { return nil }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case 0x6E: out.append(0x0A)
                    case 0x74: out.append(0x09)
                    case 0x72: out.append(0x0D)
                    case 0x22, 0x5C, 0x2F: out.append(escaped)
                    case 0x75:
                        guard index + 4 <= bytes.count,
                            let code = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(code)
                        else { return nil }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                        index += 4
                    default: return nil
                    }
                default: out.append(byte)
                }
            }
            return nil
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        private mutating func skipSpace() {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
            { index += 1 }
        }
    }
}
