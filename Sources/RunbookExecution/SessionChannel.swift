#if canImport(Glibc)
import Glibc
#endif

/// What runbook says to a session shell, local or remote: NUL-ended fields on one stream, and
/// the script that moves the shell's environment from what it has to what the next step needs.
enum SessionChannel {
    /// Writes `fields`, each ended by a NUL, to `descriptor`; false when the reader is gone.
    static func send(_ fields: [String], to descriptor: Int32) -> Bool {
        var bytes: [UInt8] = []
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            bytes.append(0)
        }
        return sendAll(bytes, to: descriptor)
    }

    /// Writes all of `bytes` to the socket `descriptor`; false when the reader is gone (what
    /// was not written then is lost).
    static func sendAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// The `export` and `unset` lines that bring a shell holding `current` to `target`, for the
    /// names a session may set; empty when nothing changes. Values are quoted, never evaluated.
    static func environmentChange(from current: [String: String], to target: [String: String]) -> String {
        var script = ""
        for (name, value) in target where current[name] != value && ShellSession.isSettable(name) {
            script += "builtin export \(name)=\(ShellSession.quoted(value))\n"
        }
        for name in current.keys where target[name] == nil && ShellSession.isSettable(name) {
            script += "builtin unset -v \(name)\n"
        }
        return script
    }
}
