/// Small questions about shell words, answered on their bytes where that gives the same answer
/// as reading their Characters: the rules ask them of every command of every script.
enum ShellWords {
    /// `word.split(separator: "/").last ?? word` for an ASCII word: the part after the last
    /// slash, trailing slashes ignored; the word itself when it is only slashes. Nil for a word
    /// with a byte outside ASCII, where a slash can be part of a larger Character.
    static func asciiBaseName(_ word: String) -> String? {
        // No slash byte: no slash Character either, and the word is its own base name.
        guard word.utf8.contains(UInt8(ascii: "/")) else { return word }
        var word = word
        return word.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            guard end > 0 else { return String(decoding: bytes, as: UTF8.self) }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
