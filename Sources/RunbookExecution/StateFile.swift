#if canImport(Glibc)
import Glibc
#endif

/// The file a step's session wrapper writes its directory and exports to when it ends.
enum StateFile {
    /// The file's bytes, or nil when it cannot be read. Read with plain system calls: this runs
    /// after every step, and Foundation's file reading (attributes, progress, `Data`) cost more
    /// than the read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return bytes
            } else if errno != EINTR {
                return nil
            }
        }
    }

    /// Replaces the file's contents with `text` (the file exists, owner-only, in the run's
    /// private directory); a failure leaves the step without carried definitions.
    static func write(_ text: String, to path: String) {
        let descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return }
        defer { _ = close(descriptor) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
