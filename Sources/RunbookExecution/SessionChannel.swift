import RunbookBytes

#if canImport(Glibc)
import Glibc
#endif

/// What runbook says to a session shell, local or remote.
///
/// Each request is shell code the session evaluates, written in ASCII only and preceded by
/// its length in nine decimal digits. bash reads a stream that cannot seek one byte per
/// system call when it looks for a delimiter, but `read -N count` takes the whole count at
/// once; ASCII makes its count of characters a count of bytes in every locale. Every value in
/// a request is one ANSI-C quoted word (`ansiQuoted`), never spliced into code.
enum SessionChannel {
    /// Writes `fields`, each ended by a NUL, to `descriptor`; false when the reader is gone.
    /// Only the remote session's start uses it, before its loop runs.
    static func send(_ fields: [String], to descriptor: Int32) -> Bool {
        var bytes: [UInt8] = []
        for field in fields {
            bytes.append(contentsOf: field.utf8)
            bytes.append(0)
        }
        return sendAll(bytes, to: descriptor)
    }

    /// Writes the request `script` (ASCII shell code) after its length; false when the
    /// reader is gone.
    static func sendRequest(_ script: [UInt8], to descriptor: Int32) -> Bool {
        sendAll(framed(script), to: descriptor)
    }

    /// `script` (ASCII shell code) after its length, as the session reads it.
    static func framed(_ script: [UInt8]) -> [UInt8] {
        precondition(script.allSatisfy { $0 < ASCII.delete }, "a session request is ASCII only")
        let length = Array(String(script.count).utf8)
        precondition(length.count <= lengthDigits, "a session request longer than the length field")
        return Array(repeating: ASCII.zero, count: lengthDigits - length.count) + length + script
    }

    /// The digits of a request's length.
    static let lengthDigits = 9

    /// The request that changes the session's environment with `script` (`environmentChange`).
    static func environmentRequest(_ script: [UInt8]) -> [UInt8] {
        Array("__runbook_kind=E; ".utf8) + script
    }

    /// The request that hands each later step `definitions`.
    static func definitionsRequest(_ definitions: String) -> [UInt8] {
        Array("__runbook_kind=D ".utf8) + definitionsAssignment(definitions)
    }

    /// The assignment that makes `definitions` what each later step's child evaluates first.
    static func definitionsAssignment(_ definitions: String) -> [UInt8] {
        var script = Array("__runbook_defs=".utf8)
        appendQuoted(definitions, to: &script)
        script.append(ASCII.newline)
        return script
    }

    /// The request that runs a step: the console wrapper (`console`) or the shell wrapper,
    /// with `arguments`, `$0` `name` and `padding` blank lines before the step's text; `number`
    /// names its pipes. The local session sends it after the changes the step's child was
    /// forked without (`ShellSession.launch`).
    static func stepRequest(
        console: Bool, number: Int, name: String, padding: Int, arguments: [String]
    ) -> [UInt8] {
        var script = Array(
            "__runbook_kind=\(console ? "C" : "R") __runbook_n=\(number) __runbook_pad=\(max(0, padding))".utf8)
        script += Array(" __runbook_name=".utf8)
        appendQuoted(name, to: &script)
        script += Array(" __runbook_args=(".utf8)
        for argument in arguments {
            script.append(ASCII.space)
            appendQuoted(argument, to: &script)
        }
        script += Array(" )".utf8)
        return script
    }

    /// What the local session evaluates after a step's child ended, before it forks the next:
    /// `update` (environment and definitions, shell code) and the padding the step had.
    static func sessionUpdate(_ update: [UInt8], padding: Int) -> [UInt8] {
        update + Array("__runbook_pad=\(max(0, padding))".utf8)
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
    static func environmentChange(from current: [String: String], to target: [String: String]) -> [UInt8] {
        var script: [UInt8] = []
        for (name, value) in target where current[name] != value && ShellSession.isSettable(name) {
            script += Array("builtin export \(name)=".utf8)
            appendQuoted(value, to: &script)
            script.append(ASCII.newline)
        }
        for name in current.keys where target[name] == nil && ShellSession.isSettable(name) {
            script += Array("builtin unset -v \(name)\n".utf8)
        }
        return script
    }

    /// `value` as one ANSI-C quoted word (`$'…'`) of printable ASCII: a quote and a backslash
    /// escaped, every other byte outside printable ASCII written as `\xHH`, which bash turns
    /// back into that byte. A value holds no NUL (it comes from a shell or the environment).
    static func ansiQuoted(_ value: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func appendQuoted(_ value: String, to script: inout [UInt8]) {
        script.append(ASCII.dollar)
        script.append(ASCII.apostrophe)
        for byte in value.utf8 {
            switch byte {
            case ASCII.apostrophe, ASCII.backslash:
                script.append(ASCII.backslash)
                script.append(byte)
            case ASCII.space..<ASCII.delete:
                script.append(byte)
            default:
                script.append(ASCII.backslash)
                script.append(UInt8(ascii: "x"))
                HexText.append(byte, to: &script)
            }
        }
        script.append(ASCII.apostrophe)
    }
}
