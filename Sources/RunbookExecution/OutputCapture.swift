import Foundation
import RunbookRecords

/// Keeps the first `headLimit` and the last `tailLimit` bytes of a stream and counts the rest,
/// so a step printing gigabytes costs a fixed amount of memory and of database.
public struct OutputCapture: Sendable {
    public let headLimit: Int
    public let tailLimit: Int
    private var head: [UInt8] = []
    private var ring: [UInt8]
    private var ringStart = 0
    private var ringCount = 0
    /// Every byte seen.
    public private(set) var totalBytes = 0

    public init(headLimit: Int = 64 * 1024, tailLimit: Int = 64 * 1024) {
        self.headLimit = max(0, headLimit)
        self.tailLimit = max(0, tailLimit)
        ring = []
    }

    /// Bytes neither in the head nor in the tail.
    public var droppedBytes: Int { max(0, totalBytes - headLimit - tailLimit) }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        totalBytes += bytes.count
        var rest = bytes[...]
        if head.count < headLimit {
            let taken = min(headLimit - head.count, rest.count)
            head.append(contentsOf: rest.prefix(taken))
            rest = rest.dropFirst(taken)
        }
        guard !rest.isEmpty, tailLimit > 0 else { return }
        if ring.isEmpty { ring = [UInt8](repeating: 0, count: tailLimit) }
        if rest.count >= tailLimit {
            ring.withUnsafeMutableBytes {
                $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.suffix(tailLimit)))
            }
            ringStart = 0
            ringCount = tailLimit
            return
        }
        // Copy in at most two slices around the ring's end.
        var writeAt = (ringStart + ringCount) % tailLimit
        ring.withUnsafeMutableBytes { target in
            var source = rest
            while !source.isEmpty {
                let run = min(source.count, tailLimit - writeAt)
                UnsafeMutableRawBufferPointer(rebasing: target[writeAt..<(writeAt + run)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(run)))
                source = source.dropFirst(run)
                writeAt = (writeAt + run) % tailLimit
            }
        }
        let overflow = max(0, ringCount + rest.count - tailLimit)
        ringCount = min(tailLimit, ringCount + rest.count)
        ringStart = (ringStart + overflow) % tailLimit
    }

    /// The kept bytes: head then tail, with nothing in between.
    public var tailBytes: [UInt8] {
        guard ringCount > 0 else { return [] }
        let end = ringStart + ringCount
        if end <= tailLimit { return Array(ring[ringStart..<end]) }
        return Array(ring[ringStart...] + ring[..<(end - tailLimit)])
    }

    /// The kept bytes, with a marker line where bytes were dropped.
    public var keptBytes: [UInt8] {
        var bytes = head
        if droppedBytes > 0 {
            if bytes.last != 0x0A { bytes.append(0x0A) }
            bytes += Array("[… \(droppedBytes) bytes dropped …]\n".utf8)
        }
        bytes += tailBytes
        return bytes
    }

    /// The kept output as text (invalid UTF-8 replaced), with a marker line where bytes were
    /// dropped.
    public var text: String { String(decoding: keptBytes, as: UTF8.self) }

    /// The stored form of this capture. Output that is not UTF-8 is stored exactly too, as
    /// base64 beside a text with each stray byte written `\xNN`.
    public func payload(_ stream: OutputStreamKind) -> OutputPayload {
        let bytes = keptBytes
        if let text = String(validating: bytes, as: UTF8.self) {
            return OutputPayload(stream: stream, text: text, totalBytes: totalBytes, droppedBytes: droppedBytes)
        }
        return OutputPayload(
            stream: stream, text: OutputCapture.escapingInvalidUTF8(bytes), totalBytes: totalBytes,
            droppedBytes: droppedBytes,
            base64: Data(bytes).base64EncodedString())
    }

    /// `bytes` as text, each byte that is not part of valid UTF-8 written `\xNN`.
    static func escapingInvalidUTF8(_ bytes: [UInt8]) -> String {
        var result = ""
        var start = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
            if length > 0, index + length <= bytes.count,
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            {
                index += length
                continue
            }
            result += String(decoding: bytes[start..<index], as: UTF8.self)
            result += "\\x" + (lead < 0x10 ? "0" : "") + String(lead, radix: 16)
            index += 1
            start = index
        }
        return result + String(decoding: bytes[start...], as: UTF8.self)
    }
}
