import RunbookKit

#if canImport(Glibc)
import Glibc
#endif

/// Reads keys from the terminal in `TerminalMode.keys`, decoding UTF-8 and the common escape
/// sequences. It waits with `poll` so that a signal (SIGTERM while a prompt is open) ends the
/// wait instead of leaving the run hanging on a question nobody will answer.
final class KeyReader {
    private let descriptor: Int32
    private let monitor: SignalMonitor?
    private var pending: [UInt8] = []

    init(descriptor: Int32, monitor: SignalMonitor?) {
        self.descriptor = descriptor
        self.monitor = monitor
    }

    /// Drops keys typed before the question was asked.
    func discardTypeAhead() {
        pending.removeAll()
        tcflush(descriptor, TCIFLUSH)
    }

    func next() -> Key {
        guard let byte = nextByte(wait: -1) else { return .endOfInput }
        if byte < 0 { return .signal(Int32(-byte)) }
        switch byte {
        case 3: return .interrupt
        case 4: return .endOfInput
        case 1: return .home
        case 5: return .end
        case 9: return .tab
        case 10, 13: return .enter
        case 21: return .clearLine
        case 12: return .redraw
        case 8, 127: return .backspace
        case 27: return escapeSequence()
        default: return .character(decodeCharacter(first: UInt8(byte)))
        }
    }

    private func escapeSequence() -> Key {
        guard let second = nextByte(wait: 30), second > 0 else { return .escape }
        guard second == 91 || second == 79 else { return .escape } // '[' or 'O'
        var parameter = 0
        while let byte = nextByte(wait: 30), byte > 0 {
            switch byte {
            case 48...57: parameter = parameter * 10 + (byte - 48)
            case 65: return .up
            case 66: return .down
            case 67: return .right
            case 68: return .left
            case 72: return .home
            case 70: return .end
            case 126:
                switch parameter {
                case 1, 7: return .home
                case 4, 8: return .end
                case 3: return .delete
                default: return .escape
                }
            default: return .escape
            }
        }
        return .escape
    }

    private func decodeCharacter(first: UInt8) -> Character {
        var bytes = [first]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        while bytes.count < length, let next = nextByte(wait: 50), next > 0 { bytes.append(UInt8(next)) }
        return String(decoding: bytes, as: UTF8.self).first ?? "?"
    }

    /// The next byte (0...255), `-signal` when a signal arrived, `nil` at end of input.
    /// `wait` is in milliseconds, -1 for as long as it takes.
    private func nextByte(wait: Int32) -> Int? {
        if !pending.isEmpty { return Int(pending.removeFirst()) }
        var waited: Int32 = 0
        while true {
            if let monitor, monitor.hasPendingSignal, let number = monitor.takePendingSignal() { return -Int(number) }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let slice: Int32 = wait < 0 ? 200 : min(200, wait - waited)
            let ready = poll(&entry, 1, slice)
            if ready < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if ready == 0 {
                waited += slice
                if wait >= 0, waited >= wait { return nil }
                continue
            }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { return nil }
            pending.append(contentsOf: buffer[0..<count])
            return Int(pending.removeFirst())
        }
    }
}
