#if canImport(Glibc)
import Glibc
#endif

/// Where a running step learns that it must stop: the process's `SignalMonitor`, or for a host
/// of a `parallel=N` step, the relay its fan-out hands each signal on through.
protocol InterruptSource: AnyObject {
    /// Readable when a signal arrived; -1 when there is none to watch.
    var wakeDescriptor: Int32 { get }
    /// The signal received since the last call, if any, clearing it.
    func takePendingSignal() -> Int32?
}

extension SignalMonitor: InterruptSource {}
