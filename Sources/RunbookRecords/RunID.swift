import Foundation

/// Run identifiers: 26 lowercase Crockford base32 characters, a millisecond timestamp followed
/// by randomness (the ULID layout), so ids sort by start time and a short prefix is enough to
/// name a run on the command line.
public enum RunID {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// A new id for a run starting at `date`.
    public static func make(at date: Date = Date()) -> String {
        var milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        var timePart = [Character](repeating: "0", count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            timePart[index] = alphabet[Int(milliseconds & 31)]
            milliseconds >>= 5
        }
        var generator = SystemRandomNumberGenerator()
        let randomPart = (0..<16).map { _ in alphabet[Int(generator.next() & 31)] }
        return String(timePart + randomPart)
    }

    /// True for an id `make` could have written: 26 characters of its alphabet, the first at
    /// most `7` (a 48-bit time). Ids name files and appear in commands, so nothing else is let in.
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 26, bytes[0] >= UInt8(ascii: "0"), bytes[0] <= UInt8(ascii: "7") else { return false }
        return bytes.allSatisfy { byte in alphabetBytes.contains(byte) }
    }

    private static let alphabetBytes = Set("0123456789abcdefghjkmnpqrstvwxyz".utf8)
}
