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
    private let writeDescriptor: Int32
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

    /// Passes `signal` on; the host's runner takes it at its next wake-up.
    func deliver(_ signal: Int32) {
        pthread_mutex_lock(&lock)
        pending = signal
        pthread_mutex_unlock(&lock)
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    func takePendingSignal() -> Int32? {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
        pthread_mutex_lock(&lock)
        let signal = pending
        pending = 0
        pthread_mutex_unlock(&lock)
        return signal == 0 ? nil : signal
    }
}
