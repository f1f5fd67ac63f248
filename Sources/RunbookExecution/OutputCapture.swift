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
            ring.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.suffix(tailLimit))) }
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

    /// The kept output as text (invalid UTF-8 replaced), with a marker line where bytes were
    /// dropped.
    public var text: String {
        var bytes = head
        if droppedBytes > 0 {
            if bytes.last != 0x0A { bytes.append(0x0A) }
            bytes += Array("[… \(droppedBytes) bytes dropped …]\n".utf8)
        }
        bytes += tailBytes
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The stored form of this capture.
    public func payload(_ stream: OutputStreamKind) -> OutputPayload {
        OutputPayload(stream: stream, text: text, totalBytes: totalBytes, droppedBytes: droppedBytes)
    }
}
