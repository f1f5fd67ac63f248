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
    private let wake = WakePipe()
    /// Readable when something was posted.
    var wakeDescriptor: Int32 { wake.readDescriptor }

    init() {
        pthread_mutex_init(&lock, nil)
    }

    deinit {
        pthread_mutex_destroy(&lock)
    }

    func post(_ message: Message) {
        pthread_mutex_lock(&lock)
        messages.append(message)
        pthread_mutex_unlock(&lock)
        wake.wake()
    }

    var hasMessages: Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return !messages.isEmpty
    }

    /// Every message posted so far, oldest first.
    func take() -> [Message] {
        wake.drain()
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let taken = messages
        messages.removeAll()
        return taken
    }
}
