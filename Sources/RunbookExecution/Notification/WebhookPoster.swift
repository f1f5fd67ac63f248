import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One POST of a JSON body to a webhook, bounded by a deadline. `http://` is spoken directly
/// (HTTP/1.1 over a socket: FoundationNetworking would add to every start-up of the binary and
/// to the rescue binary); `https://` is handed to `curl`, as runbook does not implement TLS.
struct WebhookPoster {
    struct Answer {
        /// The HTTP status, when one came back.
        var status: Int?
        /// What happened, for the record: `HTTP 200`, `connection refused`, `timed out`, ….
        var detail: String
        /// Worth another try: no answer, a timeout, a 5xx, a 429.
        var isRetryable: Bool
        var isSuccess: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    /// `curl`'s path, found once; nil when it is not installed.
    let curl: String?
    let environment: [String: String]

    init(environment: [String: String]) {
        self.environment = environment
        curl = WebhookPoster.locate("curl", path: environment["PATH"] ?? "/usr/bin:/bin")
    }

    func post(
        _ body: [UInt8], to url: String, contentType: String, deadline: Date, register: (pid_t?) -> Void
    ) -> Answer {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return Answer(status: nil, detail: "not a URL runbook can post to", isRetryable: false)
        }
        if scheme == "https" {
            guard let curl else {
                return Answer(
                    status: nil,
                    detail:
                        "https webhooks are posted with curl, which is not installed (runbook has no TLS of its own)",
                    isRetryable: false)
            }
            return postWithCurl(curl, body, to: url, contentType: contentType, deadline: deadline, register: register)
        }
        guard scheme == "http" else {
            return Answer(status: nil, detail: "only http:// and https:// webhooks are supported", isRetryable: false)
        }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        return postOverSocket(
            body, host: host, port: components.port ?? 80, target: target, contentType: contentType,
            deadline: deadline)
    }

    // MARK: http:// over a socket

    private func postOverSocket(
        _ body: [UInt8], host: String, port: Int, target: String, contentType: String, deadline: Date
    ) -> Answer {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let lookup = getaddrinfo(
            host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, String(port), &hints, &found)
        guard lookup == 0, let first = found else {
            return Answer(
                status: nil, detail: "cannot resolve \(host): \(String(cString: gai_strerror(lookup)))",
                isRetryable: true)
        }
        defer { freeaddrinfo(found) }
        var lastError = "cannot connect to \(host):\(port)"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = socket(
                address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            if connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS, wait(descriptor, for: Int16(POLLOUT), until: deadline) else {
                    lastError =
                        deadline.timeIntervalSinceNow <= 0
                        ? "timed out connecting to \(host):\(port)"
                        : "cannot connect to \(host):\(port): \(String(cString: strerror(errno)))"
                    continue
                }
                var problem: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &problem, &length)
                guard problem == 0 else {
                    lastError = "cannot connect to \(host):\(port): \(String(cString: strerror(problem)))"
                    continue
                }
            }
            let hostHeader = port == 80 ? host : "\(host):\(port)"
            let head =
                "POST \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: runbook\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let request = Array(head.utf8) + body
            var sent = 0
            while sent < request.count {
                guard wait(descriptor, for: Int16(POLLOUT), until: deadline) else {
                    return Answer(status: nil, detail: "timed out sending to \(host):\(port)", isRetryable: true)
                }
                let count = request[sent...].withUnsafeBytes {
                    send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    return Answer(
                        status: nil,
                        detail: "the connection to \(host):\(port) broke: \(String(cString: strerror(errno)))",
                        isRetryable: true)
                }
                sent += count
            }
            // The status line is all that is needed; the rest of the answer is not read.
            var answer: [UInt8] = []
            while !answer.contains(0x0A), answer.count < 8192 {
                guard wait(descriptor, for: Int16(POLLIN), until: deadline) else {
                    return Answer(
                        status: nil, detail: "timed out waiting for \(host):\(port) to answer", isRetryable: true)
                }
                var buffer = [UInt8](repeating: 0, count: 1024)
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if count <= 0 { break }
                answer += buffer[0..<count]
            }
            let line = String(decoding: answer.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
            let parts = line.split(separator: " ")
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
                return Answer(status: nil, detail: "\(host):\(port) did not answer with HTTP", isRetryable: true)
            }
            return Answer(status: status, detail: "HTTP \(status)", isRetryable: status >= 500 || status == 429)
        }
        return Answer(status: nil, detail: lastError, isRetryable: true)
    }

    /// Waits until `descriptor` is ready for `events`; false at the deadline or on an error.
    private func wait(_ descriptor: Int32, for events: Int16, until deadline: Date) -> Bool {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining, 1) * 1000) + 1)
            if ready > 0 { return entry.revents & (events | Int16(POLLHUP)) != 0 }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    // MARK: https:// through curl

    private func postWithCurl(
        _ curl: String, _ body: [UInt8], to url: String, contentType: String, deadline: Date,
        register: (pid_t?) -> Void
    ) -> Answer {
        let seconds = max(1, Int(deadline.timeIntervalSinceNow.rounded(.up)))
        // The URL is an argument, never shell text; the body goes on stdin.
        let result = NotificationProcess.run(
            curl,
            [
                "--silent", "--show-error", "--output", "/dev/null", "--write-out", "%{http_code}", "--max-time",
                String(seconds), "--request", "POST", "--header", "Content-Type: \(contentType)", "--data-binary", "@-",
                "--", url,
            ],
            environment: environment, input: body, deadline: deadline, register: register)
        switch result.ending {
        case .exited(let code):
            if let status = Int(result.stdout.trimmingCharacters(in: .whitespaces)), status > 0 {
                return Answer(status: status, detail: "HTTP \(status)", isRetryable: status >= 500 || status == 429)
            }
            let reason = result.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(code)"
            return Answer(status: nil, detail: "curl: \(reason)", isRetryable: true)
        case .signaled(let signal):
            return Answer(status: nil, detail: "curl ended by signal \(signal)", isRetryable: true)
        case .timedOut:
            return Answer(status: nil, detail: "timed out", isRetryable: true)
        case .notStarted(let reason):
            return Answer(status: nil, detail: reason, isRetryable: false)
        }
    }

    static func locate(_ name: String, path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
