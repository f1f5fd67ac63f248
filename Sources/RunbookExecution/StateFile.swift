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
}
