#if canImport(Glibc)
import Glibc
#endif

// Written only by the signal handler and read by the engine's thread; a signal handler may
// only touch plain memory and call async-signal-safe functions such as write(2).
nonisolated(unsafe) private var pendingSignal: Int32 = 0
nonisolated(unsafe) private var wakeWriteDescriptor: Int32 = -1
// Counted by the handler, never cleared: a screen can tell a Ctrl-C arrived without taking it
// from the engine.
nonisolated(unsafe) private var interruptCount: Int32 = 0

/// Catches SIGINT, SIGTERM and SIGHUP for the process running the engine, so that a Ctrl-C or
/// a `kill` reaches the step's process group and the run is recorded as interrupted instead of
/// the engine dying with the step orphaned.
///
/// The CLI installs it once; a library user that handles signals itself can leave it out, and
/// the engine then only stops steps for timeouts. SIGPIPE is ignored so that a closed stdout
/// shows up as a failed write, not as the engine's death.
public final class SignalMonitor: @unchecked Sendable {
    /// The process-wide monitor.
    public static let shared = SignalMonitor()

    /// Read end of the self-pipe the handler writes to: readable when a signal arrived.
    public private(set) var wakeDescriptor: Int32 = -1
    private var installed = false

    private init() {}

    /// Installs the handlers. Idempotent; call before starting a run.
    public func install() {
        guard !installed else { return }
        installed = true
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        wakeDescriptor = descriptors[0]
        wakeWriteDescriptor = descriptors[1]
        pendingSignal = 0
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                pendingSignal = number
                if number == SIGINT { interruptCount &+= 1 }
                var byte: UInt8 = 1
                _ = write(wakeWriteDescriptor, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, nil)
        }
        signal(SIGPIPE, SIG_IGN)
        // A parent may have started us with these blocked (some process launchers do); a
        // blocked SIGTERM would leave the step running with nobody to stop it.
        var mask = sigset_t()
        sigemptyset(&mask)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&mask, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    /// The signal received since the last call, if any, clearing it.
    public func takePendingSignal() -> Int32? {
        guard installed else { return nil }
        drain()
        let number = pendingSignal
        pendingSignal = 0
        return number == 0 ? nil : number
    }

    /// How many SIGINTs (Ctrl-C) arrived since the handlers were installed; reading it takes
    /// nothing from `takePendingSignal`.
    public var interruptsReceived: Int { Int(interruptCount) }

    /// True when a signal is waiting, without clearing it.
    public var hasPendingSignal: Bool { installed && pendingSignal != 0 }

    private func drain() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeDescriptor, &scratch, scratch.count) > 0 {}
    }
}
