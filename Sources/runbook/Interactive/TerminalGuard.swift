#if canImport(Glibc)
import Glibc
#endif

// The terminal's settings as they were before `runbook` touched them. Kept in plain globals
// because the signal handlers and the atexit hook below may only touch plain memory and call
// async-signal-safe functions (tcsetattr is one).
nonisolated(unsafe) private var savedSettings = termios()
nonisolated(unsafe) private var savedDescriptor: Int32 = -1
nonisolated(unsafe) private var previousHandlers = [sighandler_t?](repeating: nil, count: 65)
nonisolated(unsafe) private var previousActions = [Glibc.sigaction](repeating: Glibc.sigaction(), count: 65)

/// Puts the terminal back the way it was whatever ends the process: a normal return (the
/// caller's `defer`), `exit` (an atexit hook), a crash (SIGSEGV, SIGILL, SIGTRAP, SIGABRT,
/// SIGBUS, SIGFPE: restore, put back the handler that was there — Swift's backtracer — and let
/// the signal reach it) and SIGINT/SIGTERM/SIGHUP (restore, then
/// hand the signal to the handler that was there before — the engine's `SignalMonitor`, which
/// stops the running step — or re-raise it when there was none).
enum TerminalGuard {
    private static let crashSignals = [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE]
    private static let stopSignals = [SIGINT, SIGTERM, SIGHUP]
    nonisolated(unsafe) private static var installed = false

    /// Remembers the settings of `descriptor` and installs the hooks. Call once, after the
    /// engine's `SignalMonitor.install()` so that its handlers are chained, not replaced.
    static func install(descriptor: Int32) {
        guard !installed, tcgetattr(descriptor, &savedSettings) == 0 else { return }
        installed = true
        savedDescriptor = descriptor
        atexit { TerminalGuard.restoreNow() }
        for number in crashSignals {
            var action = sigaction()
            sigaction(number, nil, &previousActions[Int(number)])
            action.__sigaction_handler.sa_handler = { number in
                TerminalGuard.restoreNow()
                // Delivered again when this handler returns, to the handler that was there
                // before (or the default action: the process dies of it).
                sigaction(number, &previousActions[Int(number)], nil)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        for number in stopSignals {
            var action = sigaction()
            var previous = sigaction()
            sigaction(number, nil, &previous)
            previousHandlers[Int(number)] = previous.__sigaction_handler.sa_handler
            action.__sigaction_handler.sa_handler = { number in
                TerminalGuard.restoreNow()
                let previous = previousHandlers[Int(number)]
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

    /// Restores the saved settings. Async-signal-safe.
    static func restoreNow() {
        guard savedDescriptor >= 0 else { return }
        tcsetattr(savedDescriptor, TCSAFLUSH, &savedSettings)
    }

    /// The saved settings, to derive other modes from.
    static var original: termios { savedSettings }
}
