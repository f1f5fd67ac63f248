import Foundation
import RunbookBytes

/// Collects output and writes it to a file descriptor in large chunks, so that listing a
/// thousand runbooks costs a handful of `write(2)` calls rather than thousands.
final class BufferedOutput {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let threshold: Int

    init(descriptor: Int32 = STDOUT_FILENO, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        buffer.reserveCapacity(threshold)
    }

    deinit { flush() }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= threshold { flush() }
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    func write(_ data: Data) {
        buffer.append(contentsOf: data)
        if buffer.count >= threshold { flush() }
    }

    func flush() {
        buffer = SafeOutput.bytes(buffer, for: descriptor)
        // A reader that went away (EPIPE) leaves nothing useful to do with the output.
        DescriptorOutput.writeAll(buffer, to: descriptor)
        buffer.removeAll(keepingCapacity: true)
    }
}
