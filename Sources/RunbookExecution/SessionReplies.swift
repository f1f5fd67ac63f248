#if canImport(Glibc)
import Glibc
#endif

/// The lines a session shell (or the pump standing for a remote one) answers with, read from
/// its socket and cut at newlines.
struct SessionReplies {
    enum Next {
        case line(String)
        /// No whole line yet and the caller did not want to wait.
        case notYet
        /// The socket was closed or failed: the session has ended.
        case ended
    }

    private var buffer: [UInt8] = []

    /// The next whole line from `descriptor` (-1: closed already; lines read before still
    /// come), without its newline.
    mutating func next(from descriptor: Int32, blocking: Bool) -> Next {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            guard descriptor >= 0 else { return .ended }
            var chunk = [UInt8](repeating: 0, count: 256)
            let count = chunk.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress, $0.count, blocking ? 0 : Int32(MSG_DONTWAIT))
            }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return .notYet
            } else {
                return .ended
            }
        }
    }
}
