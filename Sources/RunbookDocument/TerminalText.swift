/// Text from a runbook or from the records made safe to print: the one sanitiser every command
/// uses before such text reaches a terminal, a pipe or a file.
///
/// A title, a note, stored output or an imported field can carry ESC, BEL or C1 controls that
/// retitle the window, clear the screen, move the cursor or paste into the operator's shell.
/// Control characters are shown the way `cat -v` shows them (`^[`, `^G`, `^?`; C1 as `<9B>`),
/// except newline, tab and the carriage return of a `\r\n` line end. What a `Mode` keeps on
/// top of that is the tool's own styling (TextStyle, the interactive screen) or, for a step's
/// live output on a terminal, its colours.
public struct TerminalText: Sendable {
    /// What passes unchanged besides printable text, newline and tab.
    public enum Mode: Sendable {
        /// Nothing: every control character and escape made visible.
        case plain
        /// The colours the tool writes (TextStyle, the lint reporter): `ESC[0m`, `1`, `2`, `31`…
        case toolColours
        /// The interactive screen's own sequences too: carriage return, `ESC[K`, `ESC[nD`.
        case screen
        /// A step's output on a terminal: any SGR colour sequence, carriage return and
        /// backspace (progress bars), but nothing that retitles, clears or moves.
        case liveOutput
    }

    public let mode: Mode
    /// The start of a sequence or character cut by the end of the last chunk.
    private var pending: [UInt8] = []

    public init(mode: Mode) { self.mode = mode }

    /// `text` with its control characters made visible.
    public static func visible(_ text: String) -> String {
        // Most text has no control characters: returned as it is, without a copy.
        guard TerminalText.mayChange(text.utf8) else { return text }
        var filter = TerminalText(mode: .plain)
        var bytes = filter.filter(Array(text.utf8))
        bytes += filter.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `bytes` whole, in `mode`.
    public static func filtered(_ bytes: [UInt8], mode: Mode) -> [UInt8] {
        let clean = bytes.withUnsafeBufferPointer { firstSuspect(in: $0, from: 0) }
        guard clean < bytes.count else { return bytes }
        var filter = TerminalText(mode: mode)
        return filter.filter(bytes, cleanPrefix: clean) + filter.finish()
    }

    /// False when `filter` would return `bytes` as they are: no control character but newline
    /// and tab (which always pass), no DEL, no lead byte of a C1 control. A listing or JSON
    /// document of many lines then goes out without a byte-by-byte copy.
    static func mayChange(_ bytes: some Sequence<UInt8>) -> Bool {
        if let answer = bytes.withContiguousStorageIfAvailable({ mayChange(buffer: $0) }) { return answer }
        return bytes.contains(where: isSuspect)
    }

    /// `mayChange` over a buffer: a whole export or listing is scanned before it goes out, so
    /// the test runs over every byte of every export.
    static func mayChange(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        firstSuspect(in: buffer, from: 0) < buffer.count
    }

    /// The index of the first suspect byte of `buffer` at or after `start`, or `buffer.count`
    /// when there is none. Sixteen bytes are tested at once (SSE2 compares on x86-64) and four
    /// such blocks are passed over with one branch; only the block holding a suspect byte, and
    /// the last few bytes, are looked at byte by byte.
    static func firstSuspect(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = buffer.count
        guard let base = buffer.baseAddress, start < count else { return count }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 64 <= count {
            let blocks =
                suspects(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self))
                .| suspects(raw.loadUnaligned(fromByteOffset: index + 16, as: SIMD16<UInt8>.self))
                .| suspects(raw.loadUnaligned(fromByteOffset: index + 32, as: SIMD16<UInt8>.self))
                .| suspects(raw.loadUnaligned(fromByteOffset: index + 48, as: SIMD16<UInt8>.self))
            if anySet(blocks) { break }
            index += 64
        }
        while index + 16 <= count, !anySet(suspects(raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self))) {
            index += 16
        }
        while index < count, !isSuspect(buffer[index]) { index += 1 }
        return index
    }

    /// `isSuspect` for sixteen bytes. The constants are whole vectors: a comparison with a
    /// scalar goes through the generic lane-by-lane code instead of one SIMD compare.
    @inline(__always)
    private static func suspects(_ block: SIMD16<UInt8>) -> SIMDMask<SIMD16<Int8>> {
        (block .< SIMD16(repeating: 0x20)) .& (block .!= SIMD16(repeating: 0x0A)) .& (block .!= SIMD16(repeating: 0x09))
            .| (block .== SIMD16(repeating: 0x7F)) .| (block .== SIMD16(repeating: 0xC2))
    }

    /// Whether any lane of `mask` is set, read as two words: the standard library's `any`
    /// reduces the lanes through a function call.
    @inline(__always)
    private static func anySet(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// A control character other than newline and tab, DEL, or the lead byte of a C1 control.
    private static func isSuspect(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F || byte == 0xC2
    }

    /// The next chunk of a stream; a sequence cut at the chunk's end waits for the next one.
    public mutating func filter(_ chunk: [UInt8]) -> [UInt8] {
        filter(chunk, cleanPrefix: 0)
    }

    /// `filter(chunk)` when its first `cleanPrefix` bytes are known to hold no suspect byte:
    /// they go out in one copy instead of being scanned again.
    private mutating func filter(_ chunk: [UInt8], cleanPrefix: Int) -> [UInt8] {
        let input = pending.isEmpty ? chunk : pending + chunk
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        // Held-back bytes come first and may start a sequence: then nothing is skipped.
        var index = pending.isEmpty ? cleanPrefix : 0
        out.append(contentsOf: input[..<index])
        pending.removeAll()
        while index < input.count {
            let byte = input[index]
            switch byte {
            case 0x0A, 0x09:
                out.append(byte)
                index += 1
            case 0x0D:
                if index + 1 == input.count && mode != .screen && mode != .liveOutput {
                    pending = [byte] // is it a \r\n line end? The next chunk says.
                    return out
                }
                if mode == .screen || mode == .liveOutput || input[index + 1] == 0x0A {
                    out.append(byte)
                } else {
                    caret(byte, to: &out)
                }
                index += 1
            case 0x1B:
                guard let end = sequenceEnd(input, from: index) else {
                    if input.count - index < 64 {
                        pending = Array(input[index...])
                        return out
                    }
                    caret(byte, to: &out)
                    index += 1
                    continue
                }
                let sequence = input[index..<end]
                if keeps(sequence) {
                    out += sequence
                } else {
                    caret(byte, to: &out)
                    // The rest is printable ASCII or more controls, handled in turn.
                }
                index = keeps(sequence) ? end : index + 1
            case 0x08 where mode == .liveOutput:
                out.append(byte)
                index += 1
            case 0x00..<0x20, 0x7F:
                caret(byte, to: &out)
                index += 1
            case 0xC2:
                guard index + 1 < input.count else {
                    pending = [byte]
                    return out
                }
                let next = input[index + 1]
                if (0x80...0x9F).contains(next) {
                    out += Array("<\(String(next, radix: 16, uppercase: true))>".utf8)
                } else {
                    out.append(byte)
                    out.append(next)
                }
                index += 2
            default:
                // Bytes that are not suspect pass as they are, and text that needs filtering
                // is still mostly text: the run up to the next suspect byte goes out in one
                // copy, not byte by byte (a JSON listing with one `·` took that path whole).
                let end = input.withUnsafeBufferPointer { Self.firstSuspect(in: $0, from: index + 1) }
                out.append(contentsOf: input[index..<end])
                index = end
            }
        }
        return out
    }

    /// What was held back at the end of the stream, made visible.
    public mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        for byte in pending {
            if byte < 0x20 || byte == 0x7F { caret(byte, to: &out) } else { out.append(byte) }
        }
        pending.removeAll()
        return out
    }

    /// The end (exclusive) of the escape sequence at `start`, or nil when it is cut off. A CSI
    /// runs to its final byte; any other escape is the ESC and the one byte after it.
    private func sequenceEnd(_ input: [UInt8], from start: Int) -> Int? {
        guard start + 1 < input.count else { return nil }
        guard input[start + 1] == UInt8(ascii: "[") else { return start + 2 }
        var index = start + 2
        while index < input.count {
            let byte = input[index]
            if (0x40...0x7E).contains(byte) { return index + 1 }
            if !(0x20...0x3F).contains(byte) { return index } // malformed: ends here, not kept
            index += 1
        }
        return nil
    }

    private func keeps(_ sequence: ArraySlice<UInt8>) -> Bool {
        guard sequence.count >= 3, sequence[sequence.startIndex + 1] == UInt8(ascii: "["), let final = sequence.last
        else { return false }
        let parameters = String(decoding: sequence.dropFirst(2).dropLast(), as: UTF8.self)
        switch mode {
        case .plain:
            return false
        case .toolColours:
            return final == UInt8(ascii: "m") && Self.toolColours.contains(parameters)
        case .screen:
            if final == UInt8(ascii: "m") { return Self.toolColours.contains(parameters) }
            if final == UInt8(ascii: "K") { return parameters.isEmpty }
            if final == UInt8(ascii: "D") {
                return !parameters.isEmpty && parameters.utf8.allSatisfy { (48...57).contains($0) }
            }
            return false
        case .liveOutput:
            return final == UInt8(ascii: "m")
                && parameters.utf8.allSatisfy { (48...57).contains($0) || $0 == UInt8(ascii: ";") }
        }
    }

    // TextStyle's codes and the lint reporter's bold colours.
    private static let toolColours: Set<String> = ["0", "1", "2", "31", "32", "33", "36", "1;31", "1;33", "1;36"]

    private func caret(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "^"))
        out.append(byte == 0x7F ? UInt8(ascii: "?") : byte + 0x40)
    }
}
