#if canImport(Glibc)
import Glibc
#endif

/// What the signal handlers and the atexit hook read: the terminal's settings as they were
/// before `runbook` touched them and the handlers that were there before. A signal handler may
/// only touch memory nothing else allocates, frees or reference-counts meanwhile, and call
/// async-signal-safe functions (tcsetattr, sigaction, signal and raise are): so this is C
/// storage, allocated once by `install` before any handler is set and never freed, rather than
/// Swift arrays, whose reads retain and release their buffers.
private struct GuardStorage {
    /// One more than the highest signal number on Linux (64).
    static let signalSlots = 65

    var descriptor: Int32
    var settings: termios
    /// The action each signal had before `install`, by signal number.
    var previousActions: UnsafeMutablePointer<sigaction>
}

nonisolated(unsafe) private var storage: UnsafeMutablePointer<GuardStorage>? = nil

/// Puts the terminal back the way it was whatever ends the process: a normal return (the
/// caller's `defer`), `exit` (an atexit hook), a crash (SIGSEGV, SIGILL, SIGTRAP, SIGABRT,
/// SIGBUS, SIGFPE: restore, put back the handler that was there — Swift's backtracer — and let
/// the signal reach it) and SIGINT/SIGTERM/SIGHUP (restore, then
/// hand the signal to the handler that was there before — the engine's `SignalMonitor`, which
/// stops the running step — or re-raise it when there was none).
enum TerminalGuard {
    private static let crashSignals = [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE]
    private static let stopSignals = [SIGINT, SIGTERM, SIGHUP]

    /// Remembers the settings of `descriptor` and installs the hooks. Call once, after the
    /// engine's `SignalMonitor.install()` so that its handlers are chained, not replaced.
    static func install(descriptor: Int32) {
        guard storage == nil else { return }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { return }
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: GuardStorage.signalSlots)
        actions.initialize(repeating: sigaction(), count: GuardStorage.signalSlots)
        for number in crashSignals + stopSignals { sigaction(number, nil, actions + Int(number)) }
        let state = UnsafeMutablePointer<GuardStorage>.allocate(capacity: 1)
        state.initialize(to: GuardStorage(descriptor: descriptor, settings: settings, previousActions: actions))
        storage = state
        atexit { TerminalGuard.restoreNow() }
        for number in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalGuard.restoreNow()
                // Delivered again when this handler returns, to the handler that was there
                // before (or the default action: the process dies of it).
                guard let state = storage else { return }
                sigaction(number, state.pointee.previousActions + Int(number), nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        for number in stopSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalGuard.restoreNow()
                guard let state = storage else { return }
                let previous = state.pointee.previousActions[Int(number)].__sigaction_handler.sa_handler
                let address = previous.map { unsafeBitCast($0, to: Int.self) } ?? 0
                if address == 1 { return } // SIG_IGN: it was ignored before, it still is
                if let previous, address > 1 {
                    previous(number) // the engine's handler: it records and stops the step
                } else {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Restores the saved settings. Async-signal-safe: it reads the C storage and calls
    /// tcsetattr, nothing else.
    static func restoreNow() {
        guard let state = storage, state.pointee.descriptor >= 0 else { return }
        tcsetattr(state.pointee.descriptor, TCSAFLUSH, &state.pointee.settings)
    }

    /// The saved settings, to derive other modes from.
    static var original: termios { storage?.pointee.settings ?? termios() }
}
