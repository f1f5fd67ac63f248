import Foundation

/// Finds the shell once per run: posix_spawnp would walk PATH with a failed execve per entry
/// for every step.
enum ShellLocator {
    static func locate(_ shell: String, path: String?) -> String {
        if shell.contains("/") { return shell }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(shell)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return shell
    }
}
