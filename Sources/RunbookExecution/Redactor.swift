import Foundation

/// Replaces secret values with `[secret:NAME]` in anything stored or shown.
///
/// Matching is on bytes, longest secret first, so a secret containing another is redacted
/// whole. Empty values are ignored (they would match everywhere).
public struct Redactor: Sendable {
    struct Secret: Sendable {
        var name: String
        var value: [UInt8]
        var replacement: [UInt8]
    }

    let secrets: [Secret]
    let firstBytes: [Bool]
    let longest: Int

    /// - Parameter secrets: secret values by variable name.
    public init(secrets: [String: String]) {
        var list: [Secret] = []
        for (name, value) in secrets where !value.isEmpty {
            let replacement = Array("[secret:\(name)]".utf8)
            list.append(Secret(name: name, value: Array(value.utf8), replacement: replacement))
            // A terminal (a step with `interactive=true`) echoes every "\n" as "\r\n": a
            // multi-line secret comes back in that form too.
            let terminalForm = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(
                of: "\n", with: "\r\n")
            if terminalForm != value {
                list.append(Secret(name: name, value: Array(terminalForm.utf8), replacement: replacement))
            }
        }
        self.secrets = list.sorted {
            $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.name < $1.name
        }
        var table = [Bool](repeating: false, count: 256)
        for secret in list { table[Int(secret.value[0])] = true }
        firstBytes = table
        longest = list.map(\.value.count).max() ?? 0
    }

    /// True when there is nothing to redact.
    public var isEmpty: Bool { secrets.isEmpty }

    /// The names of the secrets it redacts.
    public var names: [String] { Array(Set(secrets.map(\.name))).sorted() }

    /// `text` with every secret value replaced.
    public func redact(_ text: String) -> String {
        guard !isEmpty else { return text }
        var stream = makeStream()
        var output: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { stream.process($0, final: true) { output.append(contentsOf: $0) } }
        return String(decoding: output, as: UTF8.self)
    }

    /// True when `text` holds a secret value.
    public func containsSecret(_ text: String) -> Bool {
        !isEmpty && redact(text) != text
    }

    /// `text` with `[secret:NAME]` placeholders put back to the values: how a stored session
    /// value becomes usable again on resume.
    public func restore(_ text: String) -> String {
        guard !isEmpty, text.contains("[secret:") else { return text }
        var result = text
        for secret in secrets {
            result = result.replacingOccurrences(
                of: "[secret:\(secret.name)]", with: String(decoding: secret.value, as: UTF8.self))
        }
        return result
    }

    /// A redactor for a stream cut into chunks: a secret split across two chunks is still
    /// caught, at the cost of holding back the bytes that could start one.
    public func makeStream() -> StreamRedactor { StreamRedactor(redactor: self) }
}

/// Redacts a byte stream chunk by chunk (see `Redactor.makeStream()`).
public struct StreamRedactor {
    private let redactor: Redactor
    private var pending: [UInt8] = []

    init(redactor: Redactor) { self.redactor = redactor }

    /// Redacts `chunk` and passes what is safe to emit to `emit`; with `final` nothing is held
    /// back.
    public mutating func process(
        _ chunk: UnsafeRawBufferPointer, final: Bool = false, emit: (UnsafeRawBufferPointer) -> Void
    ) {
        if redactor.isEmpty {
            if chunk.count > 0 { emit(chunk) }
            return
        }
        var work = pending
        work.append(contentsOf: chunk)
        pending.removeAll(keepingCapacity: true)
        var output: [UInt8] = []
        output.reserveCapacity(work.count)
        let count = work.count
        var index = 0
        var heldFrom = count
        work.withUnsafeBufferPointer { bytes in
            scan: while index < count {
                guard redactor.firstBytes[Int(bytes[index])] else {
                    output.append(bytes[index])
                    index += 1
                    continue
                }
                for secret in redactor.secrets {
                    let length = secret.value.count
                    if index + length <= count {
                        if StreamRedactor.equal(bytes, from: index, secret.value, length: length) {
                            output.append(contentsOf: secret.replacement)
                            index += length
                            continue scan
                        }
                    } else if !final, StreamRedactor.equal(bytes, from: index, secret.value, length: count - index) {
                        // A longer secret may be starting here; wait for the next chunk.
                        heldFrom = index
                        break scan
                    }
                }
                output.append(bytes[index])
                index += 1
            }
        }
        if heldFrom < count { pending = Array(work[heldFrom...]) }
        if !output.isEmpty { output.withUnsafeBytes(emit) }
    }

    /// Emits whatever was held back.
    public mutating func finish(emit: (UnsafeRawBufferPointer) -> Void) {
        guard !pending.isEmpty else { return }
        process(UnsafeRawBufferPointer(start: nil, count: 0), final: true, emit: emit)
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ value: [UInt8], length: Int)
        -> Bool
    {
        for offset in 0..<length where bytes[start + offset] != value[offset] { return false }
        return true
    }
}
