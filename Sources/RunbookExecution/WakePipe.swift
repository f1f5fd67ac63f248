#if canImport(Glibc)
import Glibc
#endif

/// A pipe one thread writes a byte to so that another, waiting in `poll` on `readDescriptor`
/// among its other descriptors, wakes up: non-blocking, close-on-exec at both ends.
final class WakePipe: @unchecked Sendable {
    /// Readable after `wake()`, until `drain()`; -1 when no pipe could be made (then nothing
    /// wakes the reader early, and it finds the news at its next wake-up).
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() {
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) == 0 {
            for descriptor in descriptors {
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            }
        } else {
            descriptors = [-1, -1]
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        if readDescriptor >= 0 { _ = close(readDescriptor) }
        if writeDescriptor >= 0 { _ = close(writeDescriptor) }
    }

    /// Makes `readDescriptor` readable (a full pipe is readable already).
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe, so the next `poll` waits for the next `wake()`.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &scratch, scratch.count) > 0 {}
    }
}
