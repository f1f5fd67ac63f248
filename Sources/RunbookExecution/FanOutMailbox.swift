import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// What the hosts' threads tell the engine's thread, in the order they told it.
final class FanOutMailbox: @unchecked Sendable {
    enum Message {
        case output(Int, OutputStreamKind, [UInt8])
        case ended(Int)
    }

    // Guarded by `lock`.
    private var messages: [Message] = []
    private var lock = pthread_mutex_t()
    private let writeDescriptor: Int32
    /// Readable when a message was posted.
    let wakeDescriptor: Int32

    init() {
        pthread_mutex_init(&lock, nil)
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) == 0 {
            for descriptor in descriptors {
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            }
        } else {
            descriptors = [-1, -1]
        }
        wakeDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        if wakeDescriptor >= 0 { _ = close(wakeDescriptor) }
        if writeDescriptor >= 0 { _ = close(writeDescriptor) }
        pthread_mutex_destroy(&lock)
    }

    func post(_ message: Message) {
        pthread_mutex_lock(&lock)
        messages.append(message)
        pthread_mutex_unlock(&lock)
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    var hasMessages: Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return !messages.isEmpty
    }

    /// Every message posted so far, oldest first.
    func take() -> [Message] {
        var scratch = [UInt8](repeating: 0, count: 256)
        while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let taken = messages
        messages.removeAll()
        return taken
    }
}
