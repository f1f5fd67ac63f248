import Foundation
import RunbookSpawn

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `runbook` on a real pseudo-terminal, as an operator's terminal would: the
/// child gets its own session with the terminal's slave side as its controlling terminal and as
/// stdin, stdout and stderr. The test types into the master side and reads the screen from it,
/// always waiting for expected text with a deadline.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    /// Everything the program wrote so far, as bytes.
    private(set) var bytes: [UInt8] = []
    /// Where the next `expect` starts looking.
    private var cursor = 0
    private(set) var exitStatus: Int32?

    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        var description: String { "timed out waiting for \(waitingFor.debugDescription); the screen shows:\n\(screen)" }
    }

    init(
        _ arguments: [String], directory: String, environment: [String: String], rows: UInt16 = 30, columns: UInt16 = 80
    ) throws {
        var masterSide: Int32 = -1, slaveSide: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 256)
        guard openpty(&masterSide, &slaveSide, &name, nil, &size) == 0 else { throw POSIXError(.ENXIO) }
        let slaveName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(masterSide, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slaveSide, F_SETFD, FD_CLOEXEC)
        _ = fcntl(masterSide, F_SETFL, fcntl(masterSide, F_GETFL) | O_NONBLOCK)
        defer { close(slaveSide) } // the child opens its own: that open makes it the controlling terminal

        // A new session whose controlling terminal is the pty (the child opens it by name), and
        // no descriptor of the test process besides it.
        let setup = SpawnSetup()
        setup.newSession()
        setup.open(slaveName, as: 0, mode: O_RDWR)
        setup.duplicate(0, to: 1)
        setup.duplicate(0, to: 2)

        // `sh` changes into the directory, then becomes runbook (Glibc's addchdir_np is not
        // visible from Swift).
        let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, CLISandbox.binary] + arguments
        let spawned = setup.spawn("/bin/sh", arguments: argv, environment: environment.map { "\($0.key)=\($0.value)" })
        guard case .success(let child) = spawned else {
            close(masterSide)
            let code = if case .failure(let error) = spawned { error.code } else { EINVAL }
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL)
        }
        master = masterSide
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// The screen so far with escape sequences and carriage returns removed.
    var text: String { PseudoTerminal.plain(bytes) }

    /// The lines as they stand on the screen: a carriage return followed by "erase line"
    /// (how progress lines and line editing redraw) replaces the line instead of adding to it.
    var lines: [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13, index + 3 < bytes.count, bytes[index + 1] == 0x1B, bytes[index + 2] == UInt8(ascii: "["),
                bytes[index + 3] == UInt8(ascii: "K")
            {
                current.removeAll()
                index += 4
                continue
            }
            if byte == 10 {
                result.append(PseudoTerminal.plain(current))
                current.removeAll()
            } else {
                current.append(byte)
            }
            index += 1
        }
        result.append(PseudoTerminal.plain(current))
        return result
    }

    /// Types `keys` (use "\r" for Enter, "\u{3}" for Ctrl-C, "\u{1B}" for Esc).
    func type(_ keys: String) {
        let data = Array(keys.utf8)
        var offset = 0
        while offset < data.count {
            let written = data[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR || errno == EAGAIN { usleep(1000); continue }; return }
            offset += written
        }
    }

    /// Waits until `expected` appears after what earlier calls matched; moves past it.
    @discardableResult
    func expect(_ expected: String, within seconds: Double = 5) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let screen = text
            let start = screen.index(screen.startIndex, offsetBy: min(cursor, screen.count))
            if let range = screen.range(of: expected, range: start..<screen.endIndex) {
                cursor = screen.distance(from: screen.startIndex, to: range.upperBound)
                return String(screen[start..<range.upperBound])
            }
            if Date() >= deadline { throw Timeout(waitingFor: expected, screen: String(screen.suffix(3000))) }
            pump(milliseconds: 50)
        }
    }

    /// Waits for the program to exit (reading what it still writes) and returns its status.
    func waitForExit(within seconds: Double = 8) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while exitStatus == nil {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                pump(milliseconds: 50)
                exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                break
            }
            if Date() >= deadline { throw Timeout(waitingFor: "exit", screen: String(text.suffix(3000))) }
            pump(milliseconds: 50)
        }
        return exitStatus!
    }

    /// The terminal's settings as the program left them.
    func settings() -> termios {
        var settings = termios()
        tcgetattr(master, &settings)
        return settings
    }

    private func pump(milliseconds: Int32) {
        var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { return }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    /// Drops ANSI escape sequences and carriage returns.
    static func plain(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x1B {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
                    index += 1
                    while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) { index += 1 }
                }
                index += 1
                continue
            }
            if byte != 13 { out.append(byte) }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
