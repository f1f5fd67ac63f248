import Foundation
import RunbookBytes
import RunbookDocument

/// A runbook file's text, checked and normalised before anything parses it.
///
/// Line numbers never change here: a BOM is dropped and CRLF/CR become LF, so every later line
/// number still points at the same line in the original file.
struct SourceText {
    /// The file's bytes: valid UTF-8, no BOM, `\n` line endings.
    let bytes: [UInt8]

    /// Why the bytes are not a runbook we can read.
    enum Rejection: Error {
        case binary(line: Int, column: Int)
        case notUTF8(line: Int, column: Int)

        func diagnostic(path: String) -> Diagnostic {
            switch self {
            case .binary(let line, let column):
                Diagnostic(
                    .error, code: "binary-file",
                    "This file holds binary data (a NUL byte), not Markdown text; nothing was read from it.",
                    at: SourceLocation(file: path, line: line, column: column))
            case .notUTF8(let line, let column):
                Diagnostic(
                    .error, code: "not-utf8",
                    "This file is not UTF-8 text (an invalid byte sequence starts here); save it as UTF-8 and try again.",
                    at: SourceLocation(file: path, line: line, column: column))
            }
        }
    }

    /// Validates and normalises raw file bytes.
    static func decode(_ bytes: [UInt8]) -> Result<SourceText, Rejection> {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        if let nul = firstIndex(of: 0, in: body) {
            let (line, column) = position(of: nul, in: bytes)
            return .failure(.binary(line: line, column: column))
        }
        // The standard library's validation is vectorised; the byte-by-byte scan only runs to
        // name the position of a bad byte.
        // An ASCII prefix is valid UTF-8 and ends on a character boundary: only the rest, often
        // nothing, needs validating.
        let rest = body[firstNonASCII(in: body)...]
        if !rest.isEmpty, String(validating: rest, as: UTF8.self) == nil, let bad = firstInvalidUTF8(rest) {
            let (line, column) = position(of: bad, in: bytes)
            return .failure(.notUTF8(line: line, column: column))
        }
        guard firstIndex(of: 0x0D, in: body) != nil else {
            // Without a BOM the file's own array is the text: no copy.
            return .success(SourceText(bytes: start == 0 ? bytes : Array(body)))
        }
        return .success(SourceText(bytes: normalisingLineEndings(body)))
    }

    /// The index of the first byte of `bytes` at or above 0x80, or the end index; eight bytes at
    /// a time.
    private static func firstNonASCII(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { raw -> Int in
            var offset = 0
            while offset + 8 <= raw.count {
                if ByteWord.hasNonASCII(ByteWord.load(raw.baseAddress! + offset)) { break }
                offset += 8
            }
            while offset < raw.count, raw[offset] < 0x80 { offset += 1 }
            return bytes.startIndex + offset
        }
    }

    /// The first `byte` in `bytes`, found with `memchr`, which compares a vector at a time.
    private static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let found = memchr(base, Int32(byte), raw.count) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(found) - base)
        }
    }

    /// The number of lines, counting a last line without a newline.
    var lineCount: Int {
        bytes.withUnsafeBytes { raw in
            var count = 1
            var offset = 0
            // Eight bytes at a time.
            while offset + 8 <= raw.count {
                count += ByteWord.count(ByteWord.load(raw.baseAddress! + offset), ASCII.newline)
                offset += 8
            }
            while offset < raw.count {
                if raw[offset] == 0x0A { count += 1 }
                offset += 1
            }
            return count
        }
    }

    private static func position(of index: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for position in 0..<index where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        return (line, index - lineStart + 1)
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, if any.
    private static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            let minimum: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return index
            }
            guard index + length <= end else { return index }
            var scalar = UInt32(lead) & (0xFF >> (length + 1))
            for offset in 1..<length {
                let continuation = bytes[index + offset]
                guard continuation & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(continuation & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}

/// CRLF and lone CR become LF, as cmark counts them, so line numbers stay the same.
private func normalisingLineEndings(_ input: ArraySlice<UInt8>) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(input.count)
    var previousWasCR = false
    for byte in input {
        if byte == 0x0D {
            bytes.append(0x0A)
            previousWasCR = true
            continue
        }
        if byte == 0x0A && previousWasCR {
            previousWasCR = false
            continue
        }
        previousWasCR = false
        bytes.append(byte)
    }
    return bytes
}
