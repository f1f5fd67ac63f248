import Foundation

/// The signal state every child runbook spawns starts from. Dispositions and the blocked mask
/// are inherited across exec, and runbook ignores or handles several of these signals itself
/// (SignalMonitor, the terminal guard): without a reset a step would start unable to be
/// interrupted, or with SIGPIPE ignored where a shell pipeline relies on it.
enum SpawnSignals {
    /// The signals a child gets back at their default disposition.
    static let restored: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU]

    /// Sets `attributes` so the child starts with `restored` at their defaults and no signal
    /// blocked. The caller still sets `POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK` among its
    /// flags, with whatever group or session flags it needs.
    static func reset(_ attributes: inout posix_spawnattr_t) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in restored { sigaddset(&defaults, number) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
    }
}
