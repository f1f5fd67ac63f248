import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The thread that reads a remote session's ssh output and sorts it: step output frames
/// (`O`/`E`) to the running step's stdout and stderr sockets, the state a step left (`T`) to
/// `takeState()`, answers to the control socket `RemoteShellSession.readLine` reads.
///
/// A step's sockets are closed when its `S` answer arrives (the remote side sends it after the
/// step's output has all been sent), and every socket is closed when ssh's output ends, so a
/// lost connection ends the step and the session instead of leaving the runner waiting.
final class RemoteStreamPump: @unchecked Sendable {
    private let lock = NSLock()
    private let stream: Int32
    private var control: Int32 = -1
    private var controlWriter: Int32 = -1
    private var stdoutWriter: Int32 = -1
    private var stderrWriter: Int32 = -1
    private var state: [UInt8]?

    /// - Parameter stream: a descriptor of ssh's output the pump owns and closes at its end.
    init(stream: Int32) {
        self.stream = stream
        var ends: [Int32] = [-1, -1]
        if socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 {
            control = ends[0]
            controlWriter = ends[1]
        }
    }

    /// The descriptor answers are read from; -1 once closed.
    var controlDescriptor: Int32 { lock.withLock { control } }

    func start() {
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 18
        thread.start()
    }

    /// Where the next step's output goes; what an earlier step left is dropped, so a step
    /// never takes in another's state.
    func route(stdout: Int32, stderr: Int32) {
        lock.withLock {
            closeStep()
            stdoutWriter = stdout
            stderrWriter = stderr
            state = nil
        }
    }

    func takeState() -> [UInt8]? {
        lock.withLock {
            defer { state = nil }
            return state
        }
    }

    /// Closes the reading end of answers (the engine is done with the session).
    func closeControl() {
        lock.withLock {
            if control >= 0 { _ = close(control) }
            control = -1
        }
    }

    private func closeStep() {
        if stdoutWriter >= 0 { _ = close(stdoutWriter) }
        if stderrWriter >= 0 { _ = close(stderrWriter) }
        stdoutWriter = -1
        stderrWriter = -1
    }

    private func run() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(stream, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[..<count])
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                handle(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
        }
        _ = close(stream)
        lock.withLock {
            closeStep()
            if controlWriter >= 0 { _ = close(controlWriter) }
            controlWriter = -1
        }
    }

    private func handle(_ line: ArraySlice<UInt8>) {
        guard let kind = line.first else { return }
        switch kind {
        case UInt8(ascii: "O"), UInt8(ascii: "E"):
            guard line.count >= 2 else { return }
            var bytes = Array(line.dropFirst(2))
            if line[line.startIndex + 1] == UInt8(ascii: "1") { bytes.append(0x0A) }
            let writer = lock.withLock { kind == UInt8(ascii: "O") ? stdoutWriter : stderrWriter }
            RemoteStreamPump.send(bytes, to: writer)
        case UInt8(ascii: "T"):
            let decoded = Data(base64Encoded: Data(line.dropFirst())).map { [UInt8]($0) }
            lock.withLock { state = decoded }
        case UInt8(ascii: "S"):
            let writer = lock.withLock {
                closeStep()
                return controlWriter
            }
            RemoteStreamPump.send(Array(line) + [0x0A], to: writer)
        default:
            let writer = lock.withLock { controlWriter }
            RemoteStreamPump.send(Array(line) + [0x0A], to: writer)
        }
    }

    /// Writes all of `bytes`; a reader that is gone (the runner stopped reading) loses them.
    private static func send(_ bytes: [UInt8], to descriptor: Int32) {
        guard descriptor >= 0 else { return }
        _ = SessionChannel.sendAll(bytes, to: descriptor)
    }
}
