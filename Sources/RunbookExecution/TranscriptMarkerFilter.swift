/// Takes the marker lines the console wrapper writes after each transcript command out of one
/// output stream, so each command's output can be told apart while the block runs as one
/// shell (see `StepScript.consoleWrapper`).
///
/// A marker is `token` + `index:status` + a line feed. The token starts with a control
/// character and holds a random nonce, so output cannot forge one by accident. A marker may be
/// cut across chunks: bytes that could start one are held back until the next chunk.
struct TranscriptMarkerFilter {
    /// What the filter found, in stream order.
    enum Piece {
        case output(ArraySlice<UInt8>)
        /// Command `index` (1-based) ended with `status`.
        case marker(index: Int, status: Int)
    }

    let token: [UInt8]
    private var pending: [UInt8] = []

    init(token: [UInt8]) {
        self.token = token
    }

    mutating func process(_ chunk: UnsafeRawBufferPointer, emit: (Piece) -> Void) {
        var data = pending
        data.append(contentsOf: chunk)
        pending.removeAll()
        var position = 0
        while position < data.count {
            guard let found = firstToken(in: data, from: position) else {
                let held = heldSuffixLength(data, from: position)
                if data.count - held > position { emit(.output(data[position..<(data.count - held)])) }
                pending = Array(data[(data.count - held)...])
                return
            }
            if found > position { emit(.output(data[position..<found])) }
            let fields = found + token.count
            guard let end = data[fields...].firstIndex(of: 0x0A) else {
                pending = Array(data[found...])
                return
            }
            let text = String(decoding: data[fields..<end], as: UTF8.self).split(separator: ":")
            if text.count == 2, let index = Int(text[0]), let status = Int(text[1]) {
                emit(.marker(index: index, status: status))
            }
            position = end + 1
        }
    }

    /// Emits whatever was held back, when the stream ends.
    mutating func finish(emit: (Piece) -> Void) {
        if !pending.isEmpty { emit(.output(pending[...])) }
        pending.removeAll()
    }

    private func firstToken(in data: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + token.count <= data.count {
            guard let next = data[index...].firstIndex(of: token[0]) else { return nil }
            if next + token.count > data.count { return nil }
            if data[next..<(next + token.count)].elementsEqual(token) { return next }
            index = next + 1
        }
        return nil
    }

    /// How many bytes at the end of `data` could be the start of a token.
    private func heldSuffixLength(_ data: [UInt8], from start: Int) -> Int {
        let earliest = max(start, data.count - token.count + 1)
        var index = earliest
        while index < data.count {
            if data[index] == token[0], data[index...].elementsEqual(token.prefix(data.count - index)) {
                return data.count - index
            }
            index += 1
        }
        return 0
    }
}
