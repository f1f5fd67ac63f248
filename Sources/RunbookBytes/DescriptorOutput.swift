#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing everything to a file descriptor, the one loop every writer uses.
package enum DescriptorOutput {
    /// Writes all of `bytes` to `descriptor`. A write cut short by a signal (EINTR) is retried;
    /// a non-blocking descriptor that is full (EAGAIN) is waited on with `poll` until it takes
    /// more, rather than retried in a spin. Returns false when the descriptor refuses the bytes
    /// (a closed pipe: EPIPE), with `errno` left as the write set it.
    @discardableResult
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard var pointer = bytes.baseAddress else { return true }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, pointer, remaining)
            if written >= 0 {
                pointer += written
                remaining -= written
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&entry, 1, -1)
                if ready < 0 && errno != EINTR { return false }
            default:
                return false
            }
        }
        return true
    }

    /// Writes all of `bytes` to `descriptor`; see `writeAll(_:to:)`.
    @discardableResult
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { writeAll($0, to: descriptor) }
    }
}
