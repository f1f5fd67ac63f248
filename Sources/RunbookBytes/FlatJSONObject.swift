/// Reads a flat JSON object of strings, numbers and booleans, the shape of Runme's block
/// attributes (`{"name":"x","interactive":"false"}`), without Foundation's decoder, whose set-up
/// costs far more than reading a dozen bytes per block.
package struct FlatJSONObject {
    /// Pairs in the order written, or nil when the text is not such an object.
    package static func parse(_ text: String) -> [(String, String)]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { body in
            var scanner = FlatJSONScanner(body)
            var pairs: [(String, String)] = []
            while true {
                switch scanner.nextKey() {
                case .end: return pairs
                case .invalid: return nil
                case .key(let keyRange, let keyEscaped):
                    guard let key = string(body, keyRange, escaped: keyEscaped), let value = scanner.value() else {
                        return nil
                    }
                    switch value {
                    case .string(let range, let escaped):
                        guard let text = string(body, range, escaped: escaped) else { return nil }
                        pairs.append((key, text))
                    case .bool(let flag):
                        pairs.append((key, flag ? "true" : "false"))
                    case .number(let range):
                        let word = String(decoding: UnsafeBufferPointer(rebasing: body[range]), as: UTF8.self)
                        guard Double(word) != nil else { return nil }
                        pairs.append((key, word))
                    }
                }
            }
        }
    }

    private static func string(_ body: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, escaped: Bool) -> String? {
        let bytes = UnsafeBufferPointer(rebasing: body[range])
        guard escaped else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        guard JSONUnescaping.append(bytes, to: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }
}
