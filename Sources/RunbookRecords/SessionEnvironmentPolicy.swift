/// Which variables a stored session may carry into the next step's environment.
///
/// A session comes back on resume, and an imported one was written by someone else: a variable
/// that makes bash run a file (`BASH_ENV`, `ENV`), loads a library (`LD_*`), runs code at every
/// prompt or trace (`PROMPT_COMMAND`, `PS4` with `$(…)`), switches shell options (`SHELLOPTS`,
/// `BASHOPTS`) or defines a function (`BASH_FUNC_*`, a value starting `() {`) would run code no
/// runbook wrote. Those are never applied, whatever the session says.
public enum SessionEnvironmentPolicy {
    static let refusedNames: Set<String> = [
        "BASH_ENV", "ENV", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS", "PS4", "IFS", "CDPATH", "GLOBIGNORE",
    ]

    /// Why `name=value` must not be applied, or nil when it may.
    public static func refusal(name: String, value: String) -> String? {
        if refusedNames.contains(name) { return "\(name) makes the shell run code or change how it reads commands" }
        if name.hasPrefix("LD_") { return "\(name) changes which libraries every program loads" }
        if name.hasPrefix("BASH_FUNC_") || value.hasPrefix("() {") || value.hasPrefix("(){") {
            return "\(name) defines a shell function"
        }
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
            name.unicodeScalars.allSatisfy({
                $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType == .decimal))
            })
        else {
            return "'\(name)' is not a variable name"
        }
        return nil
    }

    /// The session without the variables `refusal` names and, for a run imported from
    /// elsewhere (`imported`), without its functions and aliases: those are code, written by
    /// steps nobody here ran, and a resumed step would run them under a familiar name.
    /// (Shell options are checked where they are read: only `set`/`shopt` of an option name.)
    public static func applicable(_ session: SessionSnapshot, imported: Bool = false) -> SessionSnapshot {
        var safe = session
        safe.exported = session.exported.filter { refusal(name: $0.key, value: $0.value) == nil }
        if imported {
            safe.functions = nil
            safe.aliases = nil
        }
        return safe
    }
}
