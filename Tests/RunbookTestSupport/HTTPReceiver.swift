import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 receiver on 127.0.0.1 for webhook tests: it keeps every request it gets
/// and answers each as `answer` says (a status, or never: the connection is held open until
/// the receiver stops). One thread accepts and serves connections one after another.
public final class HTTPReceiver: @unchecked Sendable {
    /// One request as received.
    public struct Request: Sendable {
        public var method: String
        public var target: String
        public var headers: [String: String]
        public var body: Data

        public var bodyText: String { String(decoding: body, as: UTF8.self) }
        /// The body parsed as a JSON object, if it is one.
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    public enum Answer: Sendable {
        case status(Int)
        case hang
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }
    private let listener: Int32
    private let answer: @Sendable (Int) -> Answer
    private let lock = NSLock()
    private var received: [Request] = []
    private var stopped = false
    private var held: [Int32] = []
    private let done = DispatchSemaphore(value: 0)

    /// Listens on a free loopback port; `answer` gets each request's index (0 first).
    public init(answer: @escaping @Sendable (Int) -> Answer = { _ in .status(200) }) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        self.answer = answer
        Thread.detachNewThread { [self] in serve() }
    }

    deinit { stop() }

    /// Every request so far.
    public var requests: [Request] { lock.withLock { received } }

    /// Waits (bounded) until `count` requests have come.
    public func waitFor(_ count: Int, seconds: Double = 10) -> [Request] {
        let deadline = Date().addingTimeInterval(seconds)
        while requests.count < count, Date() < deadline { usleep(20_000) }
        return requests
    }

    /// Stops accepting and closes every held connection.
    public func stop() {
        let first: Bool = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        done.wait()
        for descriptor in lock.withLock({ held }) { close(descriptor) }
        close(listener)
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func serve() {
        defer { done.signal() }
        while !isStopped {
            var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            guard let request = read(connection) else {
                close(connection)
                continue
            }
            let index: Int = lock.withLock {
                received.append(request)
                return received.count - 1
            }
            switch answer(index) {
            case .hang:
                lock.withLock { held.append(connection) }
            case .status(let status):
                let response =
                    "HTTP/1.1 \(status) \(status < 300 ? "OK" : "Error")\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = response.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(connection)
            }
        }
    }

    /// Reads one request (head, then a Content-Length body), giving up after two seconds.
    private func read(_ connection: Int32) -> Request? {
        var bytes: [UInt8] = []
        let deadline = Date().addingTimeInterval(2)
        var headEnd: Int?
        var contentLength = 0
        while Date() < deadline {
            if let end = headEnd, bytes.count >= end + contentLength { break }
            var entry = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { break }
            bytes += buffer[0..<count]
            // A TLS handshake (a client speaking https to this plain receiver) is closed at once.
            if bytes.first == 0x16 { return nil }
            if headEnd == nil, let range = Data(bytes).range(of: Data("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let head = String(decoding: bytes[0..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        contentLength = Int(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
        }
        guard let end = headEnd else { return nil }
        let head = String(decoding: bytes[0..<(end - 4)], as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return Request(
            method: requestLine.first.map(String.init) ?? "",
            target: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers, body: Data(bytes[end..<min(bytes.count, end + contentLength)]))
    }
}
