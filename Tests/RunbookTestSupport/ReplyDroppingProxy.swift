import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of a server that can lose one reply on purpose: armed
/// with `dropReplyAfter(_:)`, it forwards the next client message holding that text, lets the
/// server act on it, then throws the server's answer away and cuts the connection. That is the
/// moment a client cannot tell apart from a crash after the commit: the work is done, the reply
/// never came. New connections are forwarded as before, so the client can reconnect.
public final class ReplyDroppingProxy: @unchecked Sendable {
    /// The port clients connect to instead of the server's.
    public private(set) var port: Int = 0
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var trigger: [UInt8]?
    /// Client descriptors whose next reply from the server is swallowed, then the link cut.
    private var swallowing: Set<Int32> = []
    private var dropped = 0
    private var forwarded = 0

    /// Listens on a free port of 127.0.0.1 and forwards to `upstreamPort` there.
    public init(forwardingTo upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        // Close-on-exec from the start: a child the test process starts meanwhile must not
        // hold the proxy's sockets open.
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EMFILE) }
        var address = ReplyDroppingProxy.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit { shutdown(listener, Int32(SHUT_RDWR)) }

    /// Arms the proxy: the server's reply to the next client message containing `text` is
    /// dropped and that connection cut.
    public func dropReplyAfter(_ text: String) {
        lock.withLock { trigger = Array(text.utf8) }
    }

    /// How many replies were dropped so far.
    public var droppedReplies: Int { lock.withLock { dropped } }

    /// How many reads from clients were forwarded so far. A synchronous client such as libpq
    /// writes each request (all the messages of one statement) at once and waits for the
    /// answer, so this counts its round trips.
    public var forwardedRequests: Int { lock.withLock { forwarded } }

    private func acceptLoop() {
        while true {
            // accept4 is not visible from Swift: close-on-exec follows at once.
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var address = ReplyDroppingProxy.loopback(port: upstreamPort)
            let connected = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(server)
                continue
            }
            Thread.detachNewThread { [self] in pumpFromClient(client, to: server) }
            Thread.detachNewThread { [self] in pumpFromServer(server, to: client) }
        }
    }

    private func pumpFromClient(_ client: Int32, to server: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { break }
            let chunk = Array(buffer[0..<count])
            lock.withLock {
                forwarded += 1
                if let trigger, ReplyDroppingProxy.contains(chunk, trigger) {
                    self.trigger = nil
                    swallowing.insert(client)
                }
            }
            guard ReplyDroppingProxy.writeAll(server, chunk) else { break }
        }
        shutdown(server, Int32(SHUT_RDWR))
        shutdown(client, Int32(SHUT_RDWR))
    }

    private func pumpFromServer(_ server: Int32, to client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(server, &buffer, buffer.count)
            guard count > 0 else { break }
            let swallow = lock.withLock {
                guard swallowing.remove(client) != nil else { return false }
                dropped += 1
                return true
            }
            if swallow { break }
            guard ReplyDroppingProxy.writeAll(client, Array(buffer[0..<count])) else { break }
        }
        shutdown(client, Int32(SHUT_RDWR))
        shutdown(server, Int32(SHUT_RDWR))
        // The client pump has ended or will on the shutdown; both descriptors close here once.
        usleep(100_000)
        close(client)
        close(server)
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
