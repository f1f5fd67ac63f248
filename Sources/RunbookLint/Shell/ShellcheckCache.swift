import Foundation
import RunbookParsing

/// shellcheck's findings kept by what produced them, as ruff and ESLint cache theirs: the key
/// is the SHA-256 of the exact script shellcheck was given, shellcheck's `--version` and its
/// options, so any change to one of them is a miss and nothing stale is ever reported.
///
/// One file per entry under `directory` (`$XDG_CACHE_HOME/runbook/shellcheck`, by default
/// `~/.cache/runbook/shellcheck`), holding shellcheck's JSON output as it printed it. Entries are
/// written to a temporary file and renamed into place, so concurrent lint runs never read half an
/// entry; an entry that does not decode is ignored and rewritten. `prune` keeps the directory
/// bounded, oldest entries first.
public struct ShellcheckCache: Sendable {
    public let directory: String
    /// What identifies the shellcheck in use: its `--version` text.
    let toolVersion: String
    /// Entries kept by `prune`.
    public var maximumEntries = 5_000

    public init(directory: String, toolVersion: String) {
        self.directory = directory
        self.toolVersion = toolVersion
    }

    /// The cache for `executable` in the default directory; nil when there is no home to keep
    /// it in or shellcheck does not say its version.
    public static func standard(
        for executable: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ShellcheckCache? {
        let base: String
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            base = cache
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = home + "/.cache"
        } else {
            return nil
        }
        guard let version = version(of: executable) else { return nil }
        return ShellcheckCache(directory: base + "/runbook/shellcheck", toolVersion: version)
    }

    /// `shellcheck --version`, or nil when it does not run.
    static func version(of executable: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--version"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The entry name for `script` checked with `arguments`.
    func key(script: String, arguments: [String]) -> String {
        var bytes = Array(toolVersion.utf8)
        for argument in arguments {
            bytes.append(0)
            bytes.append(contentsOf: argument.utf8)
        }
        bytes.append(0)
        bytes.append(contentsOf: script.utf8)
        return ContentHash.sha256Hex(of: bytes)
    }

    /// The stored output for `key`, or nil.
    func read(_ key: String) -> Data? {
        FileManager.default.contents(atPath: directory + "/" + key)
    }

    /// Stores `output` for `key`; a cache that cannot be written is only a slower lint.
    func write(_ key: String, _ output: Data) {
        let manager = FileManager.default
        try? manager.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = directory + "/.\(key).\(getpid()).\(UUID().uuidString)"
        guard manager.createFile(atPath: temporary, contents: output, attributes: [.posixPermissions: 0o600]) else {
            return
        }
        if rename(temporary, directory + "/" + key) != 0 { try? manager.removeItem(atPath: temporary) }
    }

    /// Removes the oldest entries beyond `maximumEntries`, and temporary files a killed run left.
    public func prune() {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        var entries: [(path: String, modified: Date)] = []
        for name in names {
            let path = directory + "/" + name
            guard let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else {
                continue
            }
            if name.hasPrefix(".") {
                if modified.timeIntervalSinceNow < -3600 { try? manager.removeItem(atPath: path) }
                continue
            }
            entries.append((path, modified))
        }
        guard entries.count > maximumEntries else { return }
        for entry in entries.sorted(by: { $0.modified < $1.modified }).prefix(entries.count - maximumEntries) {
            try? manager.removeItem(atPath: entry.path)
        }
    }
}
