import Foundation

/// Reads a whole file into bytes with `open`/`fstat`/`read`: one copy, straight into the array
/// the parser uses (no scratch buffer to clear per file), and errors phrased for an operator.
///
/// Only regular files are read, up to `sizeLimit`: a name ending in `.md` can be a link to
/// `/dev/zero` (endless), a FIFO (a read that never returns) or a socket.
enum FileBytes {
    /// The largest runbook read: far beyond any real document, small enough to hold in memory.
    static let sizeLimit = 64 * 1024 * 1024

    static func read(_ path: String) throws(RunbookReadError) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer forever. It has no
        // effect on reading a regular file, the only kind read below.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw RunbookReadError(path: path, reason: "it is a directory, not a file")
        case S_IFIFO: throw RunbookReadError(path: path, reason: "it is not a regular file but a FIFO (named pipe)")
        case S_IFSOCK: throw RunbookReadError(path: path, reason: "it is not a regular file but a socket")
        case S_IFCHR, S_IFBLK: throw RunbookReadError(path: path, reason: "it is not a regular file but a device")
        default: throw RunbookReadError(path: path, reason: "it is not a regular file")
        }
        if Int(info.st_size) > sizeLimit { throw tooLarge(path) }
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
            if bytes.count + chunk.count > sizeLimit { throw tooLarge(path) }
            bytes += chunk
            chunk.removeAll()
        }
        if failure != 0 { throw RunbookReadError(path: path, reason: reason(failure)) }
        return bytes
    }

    /// Reads until the buffer is full or the file ends; returns how many bytes were read.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, failure: inout Int32)
        -> Int
    {
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

    private static func tooLarge(_ path: String) -> RunbookReadError {
        RunbookReadError(path: path, reason: "it is larger than 64 MB, far beyond any runbook")
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
