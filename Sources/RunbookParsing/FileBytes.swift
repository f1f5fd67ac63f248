import Foundation

/// Reads a whole file into bytes with `open`/`fstat`/`read`: one copy, straight into the array
/// the parser uses, and errors phrased for an operator.
enum FileBytes {
    static func read(_ path: String) throws(RunbookReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw RunbookReadError(path: path, reason: reason(errno)) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw RunbookReadError(path: path, reason: "it is a directory, not a file") }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        bytes.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw RunbookReadError(path: path, reason: reason(errno))
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > capacity { capacity = bytes.count * 2; bytes.reserveCapacity(capacity) }
        }
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
