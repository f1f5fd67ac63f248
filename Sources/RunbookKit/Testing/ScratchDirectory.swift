import Foundation

/// A fresh, owner-only directory with `home`, `tmp` and `work` inside: what one tested runbook
/// sees as HOME, TMPDIR and its working directory, so a test touches nothing of the caller's.
struct ScratchDirectory {
    let root: String
    var home: String { root + "/home" }
    var temporary: String { root + "/tmp" }
    var work: String { root + "/work" }

    /// Creates it under `parent`; the name starts with the runbook's id, for whoever finds it.
    init(parent: String, label: String) throws(RunbookTestError) {
        let safeLabel = String(label.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" }.prefix(40))
        var template = Array("\(parent)/runbook-test-\(safeLabel).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        guard created != nil else {
            throw .scratch(path: parent, reason: String(cString: strerror(errno)))
        }
        root = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for directory in [home, temporary, work] where mkdir(directory, 0o700) != 0 {
            throw .scratch(path: directory, reason: String(cString: strerror(errno)))
        }
    }

    /// `environment` with HOME, TMPDIR and PWD pointing inside, and the XDG and runbook
    /// variables that would lead back to the caller's files removed.
    func environment(from environment: [String: String]) -> [String: String] {
        var result = environment
        for name in [
            "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "RUNBOOK_RECORDS", "OLDPWD",
        ] {
            result[name] = nil
        }
        result["HOME"] = home
        result["TMPDIR"] = temporary
        result["PWD"] = work
        return result
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
