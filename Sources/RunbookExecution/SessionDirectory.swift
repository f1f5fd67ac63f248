import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The private directory a run keeps its session file in while it runs.
///
/// The session file briefly holds exported values, secrets included. It lives in memory when
/// the system has a tmpfs for it ($XDG_RUNTIME_DIR, /dev/shm): truncating a file on a disk
/// mounted with `discard` costs a synchronous discard per step. The directory is 0700, the file
/// 0600 before any step writes to it, and a `runner` file names the process that owns them: a
/// runner killed with `kill -9` cannot clean up, so the next run removes directories whose
/// runner is gone.
enum SessionDirectory {
    static let prefix = "runbook-"

    /// Creates the directory with its empty session file; returns the directory.
    static func create(_ options: EngineOptions) throws(EngineError) -> String {
        let candidates = [options.temporaryDirectory, options.processEnvironment["XDG_RUNTIME_DIR"], "/dev/shm"]
        let base =
            candidates.compactMap { $0 }.first { access($0, W_OK | X_OK) == 0 && PathExpansion.isDirectory($0) }
            ?? NSTemporaryDirectory()
        removeAbandoned(in: base)
        var template = Array(((base as NSString).appendingPathComponent(prefix + "XXXXXX")).utf8CString)
        guard let created = mkdtemp(&template) else {
            throw .sessionFile(String(cString: strerror(errno)))
        }
        let directory = String(cString: created)
        for (name, contents) in [("session", ""), ("runner", "\(getpid())\n")] {
            let descriptor = open(directory + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard descriptor >= 0 else { throw .sessionFile(String(cString: strerror(errno))) }
            _ = contents.withCString { write(descriptor, $0, strlen($0)) }
            close(descriptor)
        }
        return directory
    }

    /// Removes this user's session directories in `base` whose runner process no longer exists.
    static func removeAbandoned(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(prefix) && name.utf8.count == prefix.utf8.count + 6 {
            let directory = (base as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else {
                continue
            }
            guard let text = try? String(contentsOfFile: directory + "/runner", encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
    }
}
