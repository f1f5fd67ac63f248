#if canImport(Glibc)
import Glibc
#endif

/// Linux pidfds: a descriptor that polls readable when a process exits, so the runner sleeps
/// in poll(2) instead of waking up to ask waitpid. glibc 2.36 has `pidfd_open`, but Swift's
/// Glibc module does not expose it; it is looked up at run time, and a system without it makes
/// the runner fall back to short poll timeouts.
enum PidDescriptor {
    private typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    private static let function: PidfdOpen? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "pidfd_open") else { return nil }
        return unsafeBitCast(symbol, to: PidfdOpen.self)
    }()

    /// A close-on-exec pidfd for `pid`, or -1.
    static func open(_ pid: pid_t) -> Int32 {
        guard let function else { return -1 }
        let descriptor = function(pid, 0)
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return descriptor
    }
}
