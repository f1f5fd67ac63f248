#if canImport(Glibc)
import Glibc
#endif

/// One host's share of the signals a fan-out receives: the fan-out's thread takes each signal
/// from the `SignalMonitor` (only one thread can) and passes it to the relay of every host
/// running, whose `ProcessRunner` then stops its step as it would on its own.
final class InterruptRelay: InterruptSource, @unchecked Sendable {
    // Guarded by `lock`: the fan-out's thread writes, the host's thread reads.
    private var pending: Int32 = 0
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

    /// Passes `signal` on; the host's runner takes it at its next wake-up.
    func deliver(_ signal: Int32) {
        pthread_mutex_lock(&lock)
        pending = signal
        pthread_mutex_unlock(&lock)
        wake.wake()
    }

    func takePendingSignal() -> Int32? {
        wake.drain()
        pthread_mutex_lock(&lock)
        let signal = pending
        pending = 0
        pthread_mutex_unlock(&lock)
        return signal == 0 ? nil : signal
    }
}
