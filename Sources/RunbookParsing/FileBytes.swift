import Foundation

/// Reads a whole file into bytes with `open`/`fstat`/`read`: one copy, straight into the array
/// the parser uses (no scratch buffer to clear per file), and errors phrased for an operator.
enum FileBytes {
    static func read(_ path: String) throws(RunbookReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw RunbookReadError(path: path, reason: "it is a directory, not a file") }
        // Room for one byte more than fstat says, so a file that grew is noticed and read on.
        let capacity = max(Int(info.st_size), 0) + 1
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            initialized = readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
        }
        while failure == 0, bytes.count >= capacity {
            // The file grew since fstat: read the rest a chunk at a time.
            var chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { buffer, initialized in
                initialized = readFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
            }
            if chunk.isEmpty { break }
            bytes += chunk
            chunk.removeAll()
        }
        if failure != 0 { throw RunbookReadError(path: path, reason: reason(failure)) }
        return bytes
    }

    /// Reads until the buffer is full or the file ends; returns how many bytes were read.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, failure: inout Int32) -> Int {
        var total = 0
        while total < buffer.count {
            let count = Foundation.read(descriptor, buffer.baseAddress! + total, buffer.count - total)
            if count < 0 {
                if errno == EINTR { continue }
                failure = errno
                return total
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    private static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a directory, not a file"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
